package dev.skyport.notifications.application;

import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.EventTypes;
import dev.skyport.kernel.PlatformEvent;
import dev.skyport.notifications.domain.ChannelEvent;
import dev.skyport.notifications.domain.ChannelKinds;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which platform events go out to channels, as what: every status change of a cluster (by the status it reached;
 * a failed run also as {@code cluster.run-failed}), expiry warnings, failed re-verifications of cloud accounts and
 * the account's security events. Sign-outs and deletions go nowhere.
 */
public final class ChannelRules {

    /**
     * The event types the channel-events function subscribes to: those that may go out to a channel, and
     * {@code user.deleted}, which removes the person's channels and their secrets.
     */
    public static final List<String> EVENT_TYPES = Stream.concat(EventTypes.TOLD_AWAY_FROM_THE_CONSOLE.stream(),
            Stream.of(EventTypes.USER_DELETED)).toList();

    private ChannelRules() {
    }

    /**
     * The channel event a platform event makes, if any; an event this build cannot read makes none.
     *
     * @param linkBase where links point (the console or the API's public address), without a trailing slash
     */
    public static Optional<ChannelEvent> of(DomainEvent envelope, String linkBase) {
        Optional<PlatformEvent> event;
        try {
            event = PlatformEvent.of(envelope);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        return event.flatMap(typed -> Optional.ofNullable(switch (typed) {
            case PlatformEvent.ClusterStatusChanged changed -> {
                String kind = ChannelKinds.statusKind(changed.status());
                Set<String> matches = changed.runFailed()
                        ? Set.of(kind, ChannelKinds.RUN_FAILED) : Set.of(kind);
                Map<String, String> data = new HashMap<>();
                data.put("cluster_id", changed.clusterId());
                data.put("name", changed.name());
                data.put("status", changed.status());
                changed.previous().ifPresent(previous -> data.put("previous", previous));
                changed.reason().ifPresent(reason -> data.put("reason", reason));
                changed.runId().ifPresent(run -> data.put("run_id", run));
                String link = linkBase + "/clusters/" + changed.clusterId();
                data.put("link", link);
                yield new ChannelEvent(envelope.id(), kind, matches, typed.subject(),
                        Optional.of(changed.clusterId()), envelope.occurredAt(), data,
                        "Cluster " + named(changed.name()) + " is " + changed.status(),
                        Optional.of(changed.status()), changed.reason(), link);
            }
            case PlatformEvent.ClusterExpiring expiring -> {
                String link = linkBase + "/clusters/" + expiring.clusterId();
                yield new ChannelEvent(envelope.id(), ChannelKinds.EXPIRING, Set.of(ChannelKinds.EXPIRING),
                        typed.subject(), Optional.of(expiring.clusterId()), envelope.occurredAt(),
                        Map.of("cluster_id", expiring.clusterId(), "name", expiring.name(),
                                "expires_at", expiring.expiresAt(), "notice", expiring.notice(), "link", link),
                        "Cluster " + named(expiring.name()) + " expiry: " + expiring.notice(), Optional.empty(),
                        Optional.of("expires at " + expiring.expiresAt()), link);
            }
            case PlatformEvent.CloudAccountVerificationFailed failed -> {
                String link = linkBase + "/cloud-accounts/" + failed.cloudAccountId();
                yield new ChannelEvent(envelope.id(), ChannelKinds.VERIFICATION_FAILED,
                        Set.of(ChannelKinds.VERIFICATION_FAILED), typed.subject(), Optional.empty(),
                        envelope.occurredAt(), Map.of("cloud_account_id", failed.cloudAccountId(),
                                "name", failed.name(), "provider", failed.provider(), "reason", failed.reason(),
                                "link", link),
                        "Cloud account " + failed.name() + " failed its check", Optional.empty(),
                        Optional.of(failed.reason()), link);
            }
            case PlatformEvent.PasswordChanged changed -> security(envelope, typed,
                    "password-" + (changed.how() == PlatformEvent.PasswordChanged.How.CHANGED ? "changed"
                            : changed.how() == PlatformEvent.PasswordChanged.How.RESET ? "reset" : "set"),
                    "Your Skyport password was " + (changed.how() == PlatformEvent.PasswordChanged.How.FIRST
                            ? "set" : changed.how() == PlatformEvent.PasswordChanged.How.RESET ? "reset" : "changed"),
                    linkBase);
            case PlatformEvent.GoogleLinked linked -> security(envelope, typed, "google-linked",
                    "A Google account was linked to your Skyport account", linkBase);
            case PlatformEvent.SecondFactorChanged changed -> security(envelope, typed,
                    "second-factor-" + changed.change().wire(), switch (changed.change()) {
                        case ENABLED -> "Two-factor sign-in was turned on for your Skyport account";
                        case DISABLED -> "Two-factor sign-in was turned off for your Skyport account";
                        case RECOVERY_CODES_REGENERATED -> "New recovery codes were made for your Skyport account";
                        case RECOVERY_CODE_USED -> "A recovery code was used to sign in to your Skyport account";
                        case RESET_BY_ADMIN -> "An administrator reset two-factor sign-in on your Skyport account";
                    }, linkBase);
            case PlatformEvent.UserDeleted ignored -> null;
            case PlatformEvent.SessionEnded ignored -> null;
            case PlatformEvent.TokenRevoked ignored -> null;
            // the delivery work tells the owner itself (a notification, and a mail through identity)
            case PlatformEvent.ChannelDisabled ignored -> null;
        }));
    }

    private static ChannelEvent security(DomainEvent envelope, PlatformEvent event, String what, String title,
                                         String linkBase) {
        String link = linkBase + "/me";
        return new ChannelEvent(envelope.id(), ChannelKinds.SECURITY, Set.of(ChannelKinds.SECURITY), event.subject(),
                Optional.empty(), envelope.occurredAt(), Map.of("event", what, "link", link), title,
                Optional.empty(), Optional.empty(), link);
    }

    private static String named(String name) {
        return name.isEmpty() ? "(unnamed)" : name;
    }
}
