package dev.skyport.kernel;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The published language between contexts, typed: what one context announces and others act on. Producers make
 * one of these records; {@link DomainEvent} is its envelope (id, time, and these fields as the flat string map that
 * travels on SNS, in the outbox and on the local topic); consumers get it back with {@link #of(DomainEvent)} and
 * pattern-match. The field names on the wire are written here only.
 */
public sealed interface PlatformEvent {

    /** The {@link EventTypes} name SNS filter policies match. */
    String type();

    /** The person the event is about (its owner): the envelope's subject. */
    UserId subject();

    /** The wire form of the fields. */
    Map<String, String> data();

    /**
     * The typed event in an envelope; empty for a type this build does not know (a newer producer).
     *
     * @throws IllegalArgumentException when a known event lacks a field it always has: delivering it again cannot help
     */
    static Optional<PlatformEvent> of(DomainEvent event) {
        EventFields fields = new EventFields(event);
        UserId subject = fields.subject();
        return Optional.ofNullable(switch (event.type()) {
            case EventTypes.USER_DELETED -> new UserDeleted(subject);
            case EventTypes.PASSWORD_CHANGED -> new PasswordChanged(subject, PasswordChanged.How.parse(
                    fields.optional("how").orElse("changed")));
            case EventTypes.GOOGLE_LINKED -> new GoogleLinked(subject, fields.required("email"));
            case EventTypes.SECOND_FACTOR_CHANGED -> new SecondFactorChanged(subject,
                    SecondFactorChanged.Change.parse(fields.required("change")));
            case EventTypes.SESSION_ENDED -> new SessionEnded(subject, fields.required("sessionId"));
            case EventTypes.TOKEN_REVOKED -> new TokenRevoked(subject, fields.required("tokenId"));
            case EventTypes.CLOUD_ACCOUNT_VERIFICATION_FAILED -> new CloudAccountVerificationFailed(subject,
                    fields.required("cloudAccountId"), fields.required("name"), fields.required("provider"),
                    fields.required("reason"));
            case EventTypes.CLUSTER_EXPIRING -> new ClusterExpiring(subject, fields.required("clusterId"),
                    fields.optional("name").orElse(""), fields.required("expiresAt"), fields.required("notice"));
            case EventTypes.CLUSTER_STATUS_CHANGED -> new ClusterStatusChanged(subject, fields.required("clusterId"),
                    fields.optional("name").orElse(""), fields.required("status"), fields.optional("previous"),
                    fields.optional("reason"), fields.optional("runId"), fields.number("version"));
            case EventTypes.CHANNEL_DISABLED -> new ChannelDisabled(subject, fields.required("channelId"),
                    fields.required("channelType"), fields.required("failingSince"));
            default -> null;
        });
    }

    /** Identity deleted an account. Every context removes what the person owned. */
    record UserDeleted(UserId subject) implements PlatformEvent {
        public UserDeleted {
            Objects.requireNonNull(subject, "subject");
        }

        @Override
        public String type() {
            return EventTypes.USER_DELETED;
        }

        @Override
        public Map<String, String> data() {
            return Map.of("userId", subject.value());
        }
    }

    /** A password was changed by its owner, reset with a mailed link, or set for the first time. */
    record PasswordChanged(UserId subject, How how) implements PlatformEvent {
        public enum How {
            CHANGED, RESET, FIRST;

            /**
             * An unknown way (a newer producer's) reads as a change by the owner: what matters to every consumer is
             * that the password changed, so that the person's other sessions and connections end.
             */
            static How parse(String wire) {
                try {
                    return valueOf(wire.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException unknown) {
                    return CHANGED;
                }
            }

            String wire() {
                return name().toLowerCase(Locale.ROOT);
            }
        }

        public PasswordChanged {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(how, "how");
        }

        @Override
        public String type() {
            return EventTypes.PASSWORD_CHANGED;
        }

        @Override
        public Map<String, String> data() {
            return Map.of("how", how.wire());
        }
    }

    /** A person's two-factor sign-in was turned on or off, its recovery codes renewed or used, or reset by an admin. */
    record SecondFactorChanged(UserId subject, Change change) implements PlatformEvent {
        public enum Change {
            ENABLED, DISABLED, RECOVERY_CODES_REGENERATED, RECOVERY_CODE_USED, RESET_BY_ADMIN;

            /** An unknown change (a newer producer's) reads as a reset: the person should look at their account. */
            static Change parse(String wire) {
                try {
                    return valueOf(wire.toUpperCase(Locale.ROOT).replace('-', '_'));
                } catch (IllegalArgumentException unknown) {
                    return RESET_BY_ADMIN;
                }
            }

            public String wire() {
                return name().toLowerCase(Locale.ROOT).replace('_', '-');
            }
        }

        public SecondFactorChanged {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(change, "change");
        }

        @Override
        public String type() {
            return EventTypes.SECOND_FACTOR_CHANGED;
        }

        @Override
        public Map<String, String> data() {
            return Map.of("change", change.wire());
        }
    }

    /** The person signed out of one session; what it opened closes with it. */
    record SessionEnded(UserId subject, String sessionId) implements PlatformEvent {
        public SessionEnded {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(sessionId, "sessionId");
        }

        @Override
        public String type() {
            return EventTypes.SESSION_ENDED;
        }

        @Override
        public Map<String, String> data() {
            return Map.of("sessionId", sessionId);
        }
    }

    /** The person revoked one of their personal access tokens; what it opened (its live connections) closes. */
    record TokenRevoked(UserId subject, String tokenId) implements PlatformEvent {
        public TokenRevoked {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(tokenId, "tokenId");
        }

        @Override
        public String type() {
            return EventTypes.TOKEN_REVOKED;
        }

        @Override
        public Map<String, String> data() {
            return Map.of("tokenId", tokenId);
        }
    }

    /** A Google account (its e-mail address) was linked to the person's account at sign-in. */
    record GoogleLinked(UserId subject, String email) implements PlatformEvent {
        public GoogleLinked {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(email, "email");
        }

        @Override
        public String type() {
            return EventTypes.GOOGLE_LINKED;
        }

        @Override
        public Map<String, String> data() {
            return Map.of("email", email);
        }
    }

    /** A cloud account that was verified failed its re-verification; {@code reason} is the refusal's slug. */
    record CloudAccountVerificationFailed(UserId subject, String cloudAccountId, String name, String provider,
                                          String reason) implements PlatformEvent {
        public CloudAccountVerificationFailed {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(cloudAccountId, "cloudAccountId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String type() {
            return EventTypes.CLOUD_ACCOUNT_VERIFICATION_FAILED;
        }

        @Override
        public Map<String, String> data() {
            return Map.of("cloudAccountId", cloudAccountId, "name", name, "provider", provider, "reason", reason);
        }
    }

    /**
     * A cluster's status changed. {@code previous} is empty for a new cluster; {@code reason} and {@code runId}
     * when there is none; {@code version} orders the changes of one cluster.
     */
    record ClusterStatusChanged(UserId subject, String clusterId, String name, String status,
                                Optional<String> previous, Optional<String> reason, Optional<String> runId,
                                long version) implements PlatformEvent {
        public ClusterStatusChanged {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(clusterId, "clusterId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
            previous = previous.filter(text -> !text.isEmpty());
            reason = reason.filter(text -> !text.isEmpty());
            runId = runId.filter(text -> !text.isEmpty());
        }

        private static final Set<String> FAILED_RUNS = Set.of("FAILED", "UPDATE_FAILED", "DELETE_FAILED");

        /** Whether this status ends a run in failure (a create, an update or a delete). */
        public boolean runFailed() {
            return FAILED_RUNS.contains(status);
        }

        @Override
        public String type() {
            return EventTypes.CLUSTER_STATUS_CHANGED;
        }

        @Override
        public Map<String, String> data() {
            Map<String, String> data = new HashMap<>();
            data.put("clusterId", clusterId);
            data.put("name", name);
            data.put("status", status);
            data.put("previous", previous.orElse(""));
            data.put("reason", reason.orElse(""));
            data.put("runId", runId.orElse(""));
            data.put("version", Long.toString(version));
            return Map.copyOf(data);
        }
    }

    /** A cluster's expiry is near ({@code within-a-day}, {@code within-an-hour}) or here ({@code due}, {@code protected}). */
    record ClusterExpiring(UserId subject, String clusterId, String name, String expiresAt, String notice)
            implements PlatformEvent {
        public ClusterExpiring {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(clusterId, "clusterId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(notice, "notice");
        }

        @Override
        public String type() {
            return EventTypes.CLUSTER_EXPIRING;
        }

        @Override
        public Map<String, String> data() {
            return Map.of("clusterId", clusterId, "name", name, "expiresAt", expiresAt, "notice", notice);
        }
    }

    /**
     * An outbound channel of the person was turned off: its deliveries failed for a day with no success between.
     * {@code channelType} is {@code webhook} or {@code slack}; {@code failingSince} an ISO instant.
     */
    record ChannelDisabled(UserId subject, String channelId, String channelType, String failingSince)
            implements PlatformEvent {
        public ChannelDisabled {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(channelId, "channelId");
            Objects.requireNonNull(channelType, "channelType");
            Objects.requireNonNull(failingSince, "failingSince");
        }

        @Override
        public String type() {
            return EventTypes.CHANNEL_DISABLED;
        }

        @Override
        public Map<String, String> data() {
            return Map.of("channelId", channelId, "channelType", channelType, "failingSince", failingSince);
        }
    }
}
