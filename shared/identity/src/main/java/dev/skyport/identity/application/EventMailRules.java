package dev.skyport.identity.application;

import dev.skyport.identity.domain.EmailPreferences;
import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.EventTypes;
import dev.skyport.kernel.PlatformEvent;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which platform events a person is mailed about, as which kind ({@link EmailPreferences}), with which words: a run
 * that failed (the cluster, its status, the reason and a link to its page in the console), an expiry warning, a
 * cloud account that failed its re-verification, the account's security events and a channel turned off. Other
 * status changes, sign-outs and deletions send nothing.
 */
public final class EventMailRules {

    /** The event types the event-mail function subscribes to on the platform-events topic. */
    public static final List<String> TOPIC_EVENT_TYPES = EventTypes.TOLD_AWAY_FROM_THE_CONSOLE;

    /** Every type that may make a mail: those of the topic, and {@code channel.disabled}, sent to the queue. */
    public static final List<String> EVENT_TYPES = Stream.concat(TOPIC_EVENT_TYPES.stream(),
            Stream.of(EventTypes.CHANNEL_DISABLED)).toList();

    private EventMailRules() {
    }

    /**
     * Why a message on the event-mail queue is not taken, if it is not: {@code channel.disabled} only from the
     * channel delivery's role, and nothing else from it. The queue takes the topic's events and that one kind the
     * delivery sends directly; the delivery posts to people's receivers, so were it ever turned, it must not be able
     * to mail anyone a password change or a failed run of its own wording.
     *
     * @param senderId      the message's {@code SenderId} (SQS sets it; a sender cannot choose it): a role's unique
     *                      id and its session, {@code AROA...:session}
     * @param channelSender the channel delivery role's unique id, when configured
     */
    public static Optional<String> refusedSender(String type, String senderId, String channelSender) {
        boolean fromChannels = channelSender != null && senderId != null
                && (senderId.equals(channelSender) || senderId.startsWith(channelSender + ":"));
        if (type.equals(EventTypes.CHANNEL_DISABLED) && !fromChannels) {
            return Optional.of("channel.disabled was not sent by the channel delivery");
        }
        if (!type.equals(EventTypes.CHANNEL_DISABLED) && fromChannels) {
            return Optional.of("the channel delivery may queue only channel.disabled, not " + type);
        }
        return Optional.empty();
    }

    /**
     * The mail an event makes, if any; an event this build cannot read makes none.
     *
     * @param consoleBase where the console's pages are, without a trailing slash ({@code https://host/console})
     */
    public static Optional<EventMessage> of(DomainEvent envelope, String consoleBase) {
        Optional<PlatformEvent> event;
        try {
            event = PlatformEvent.of(envelope);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        return event.flatMap(typed -> Optional.ofNullable(switch (typed) {
            case PlatformEvent.ClusterStatusChanged changed when changed.runFailed() ->
                    new EventMessage(EmailPreferences.RUN_FAILED,
                            "Skyport: cluster " + named(changed.name()) + " is " + changed.status(),
                            """
                            a run of your cluster %s failed.

                            Cluster:  %s (%s)
                            Status:   %s%s
                            Run:      %s
                            Reason:   %s

                            See it, its run log and what to do next: %s
                            """.formatted(named(changed.name()), named(changed.name()), changed.clusterId(),
                                    changed.status(), changed.previous().map(p -> " (was " + p + ")").orElse(""),
                                    changed.runId().orElse("-"), changed.reason().orElse("none given"),
                                    consoleBase + "/clusters/" + changed.clusterId()));
            case PlatformEvent.ClusterStatusChanged ignored -> null;
            case PlatformEvent.ClusterExpiring expiring -> new EventMessage(EmailPreferences.EXPIRING,
                    "Skyport: cluster " + named(expiring.name()) + " " + switch (expiring.notice()) {
                        case "within-a-day" -> "expires within a day";
                        case "within-an-hour" -> "expires within an hour";
                        case "due" -> "expired and is being deleted";
                        case "protected" -> "expired, and deletion protection kept it";
                        default -> "expiry: " + expiring.notice();
                    },
                    """
                    your cluster %s (%s) expires at %s (%s).

                    To keep it, change or remove its expiry; to let it go, do nothing: %s
                    """.formatted(named(expiring.name()), expiring.clusterId(), expiring.expiresAt(),
                            expiring.notice(), consoleBase + "/clusters/" + expiring.clusterId()));
            case PlatformEvent.CloudAccountVerificationFailed failed -> new EventMessage(
                    EmailPreferences.VERIFICATION_FAILED,
                    "Skyport: cloud account " + failed.name() + " failed its check",
                    """
                    your %s cloud account %s (%s) was verified before, and now failed its check: %s.

                    Clusters in it cannot be created or changed until its credentials work again: %s
                    """.formatted(failed.provider(), failed.name(), failed.cloudAccountId(), failed.reason(),
                            consoleBase + "/cloud-accounts/" + failed.cloudAccountId()));
            case PlatformEvent.PasswordChanged changed -> security(switch (changed.how()) {
                case CHANGED -> "Your Skyport password was changed";
                case RESET -> "Your Skyport password was reset";
                case FIRST -> "A password was set for your Skyport account";
            }, consoleBase);
            case PlatformEvent.GoogleLinked linked -> security(
                    "A Google account (" + linked.email() + ") was linked to your Skyport account", consoleBase);
            case PlatformEvent.SecondFactorChanged changed -> security(switch (changed.change()) {
                case ENABLED -> "Two-factor sign-in was turned on for your Skyport account";
                case DISABLED -> "Two-factor sign-in was turned off for your Skyport account";
                case RECOVERY_CODES_REGENERATED -> "New recovery codes were made for your Skyport account";
                case RECOVERY_CODE_USED -> "A recovery code was used to sign in to your Skyport account";
                case RESET_BY_ADMIN -> "An administrator reset two-factor sign-in on your Skyport account";
            }, consoleBase);
            case PlatformEvent.ChannelDisabled disabled -> new EventMessage(EmailPreferences.CHANNEL_DISABLED,
                    "Skyport: your " + disabled.channelType() + " channel was turned off",
                    """
                    deliveries to your %s channel %s have failed since %s, so Skyport stopped sending to it.

                    Fix the receiver, then turn the channel on again (PATCH /channels/endpoints/%s with
                    {"enabled":true}); its delivery history says what failed.
                    """.formatted(disabled.channelType(), disabled.channelId(), disabled.failingSince(),
                            disabled.channelId()));
            case PlatformEvent.UserDeleted ignored -> null;
            case PlatformEvent.SessionEnded ignored -> null;
            // the person revoked it themselves; it closes that token's sockets and mails nothing
            case PlatformEvent.TokenRevoked ignored -> null;
        }));
    }

    private static EventMessage security(String what, String consoleBase) {
        return new EventMessage(EmailPreferences.SECURITY, what,
                """
                %s.

                If it was you, there is nothing to do. If it was not, reset your password now and look at your
                account's activity: %s
                """.formatted(what, consoleBase + "/account"));
    }

    private static String named(String name) {
        return name.isEmpty() ? "(unnamed)" : name;
    }

    /**
     * The words of one mail, without the greeting and the footer.
     *
     * @param kind the {@link EmailPreferences} kind a person may turn off
     */
    public record EventMessage(String kind, String subject, String text) {
    }
}
