package dev.skyport.notifications.application;

import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.EventTypes;
import dev.skyport.kernel.PlatformEvent;
import dev.skyport.notifications.domain.Notification;
import java.util.List;
import java.util.Optional;

/**
 * Which events a person is told about, and in which words (the subject of each is the person). A cluster's status
 * change notifies when it reaches RUNNING, FAILED, UPDATE_FAILED, DELETED or DELETE_FAILED; the steps in between are
 * live messages only; its expiry is told a day and an hour before, and when it comes. A password changed or reset, a Google account linked and a cloud account that failed its re-verification
 * notify too: each is something the person should know they did, or act on.
 */
public final class NotificationRules {

    /**
     * The event types the realtime function subscribes to: those that may make a notification, and
     * {@code user.deleted}, which removes a person's notifications.
     */
    public static final List<String> EVENT_TYPES = List.of(EventTypes.CLUSTER_STATUS_CHANGED,
            EventTypes.CLUSTER_EXPIRING, EventTypes.PASSWORD_CHANGED, EventTypes.GOOGLE_LINKED, EventTypes.CLOUD_ACCOUNT_VERIFICATION_FAILED,
            EventTypes.USER_DELETED, EventTypes.SESSION_ENDED, EventTypes.TOKEN_REVOKED,
            EventTypes.SECOND_FACTOR_CHANGED);

    private NotificationRules() {
    }

    private record Words(String kind, String title, String body, String resource) {
    }

    /** The notification an event makes, if it makes one; an event this build cannot read makes none. */
    public static Optional<Notification> of(DomainEvent envelope) {
        Optional<PlatformEvent> event;
        try {
            event = PlatformEvent.of(envelope);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        return event.flatMap(NotificationRules::words).map(words -> Notification.of(envelope.id(),
                envelope.occurredAt(), event.get().subject(), words.kind(), words.title(), words.body(),
                words.resource()));
    }

    private static Optional<Words> words(PlatformEvent event) {
        return Optional.ofNullable(switch (event) {
            case PlatformEvent.ClusterStatusChanged cluster -> cluster(cluster);
            case PlatformEvent.ClusterExpiring expiring -> expiring(expiring);
            case PlatformEvent.PasswordChanged password -> switch (password.how()) {
                case RESET -> new Words("account.password-reset", "Your password was reset",
                        "It was reset with a link sent to your e-mail address, and every session was signed out."
                                + " If this was not you, reset it again now.", "/me");
                case FIRST -> new Words("account.password-set", "Your account has a password",
                        "You can now sign in with your e-mail address and this password as well as with Google."
                                + " If this was not you, reset your password now.", "/me");
                case CHANGED -> new Words("account.password-changed", "Your password was changed",
                        "Your other sessions were signed out. If this was not you, reset your password now.", "/me");
            };
            case PlatformEvent.GoogleLinked linked -> new Words("account.google-linked", "Google sign-in is linked",
                    "You can now sign in with the Google account " + linked.email()
                            + ". If this was not you, reset your password and delete the account's sessions.", "/me");
            case PlatformEvent.CloudAccountVerificationFailed failed -> new Words(
                    "cloud-account.verification-failed", "Cloud account " + failed.name() + " failed its check",
                    "Skyport could not verify it: " + failed.reason()
                            + ". Clusters cannot be created in it until its credentials are fixed (rotate them).",
                    "/cloud-accounts/" + failed.cloudAccountId());
            case PlatformEvent.SecondFactorChanged changed -> secondFactor(changed.change());
            case PlatformEvent.UserDeleted ignored -> null;
            case PlatformEvent.SessionEnded ignored -> null;
            case PlatformEvent.TokenRevoked ignored -> null;
            // the delivery work tells the owner itself (a notification, and a mail through identity)
            case PlatformEvent.ChannelDisabled ignored -> null;
        });
    }

    private static Words secondFactor(PlatformEvent.SecondFactorChanged.Change change) {
        String notYou = " If this was not you, reset your password and sign in again.";
        return switch (change) {
            case ENABLED -> new Words("account.mfa-enabled", "Two-factor sign-in is on",
                    "Signing in now needs a code from your authenticator app. Your other sessions were signed out."
                            + notYou, "/me");
            case DISABLED -> new Words("account.mfa-disabled", "Two-factor sign-in is off",
                    "Signing in needs only your password now. Your other sessions were signed out." + notYou, "/me");
            case RECOVERY_CODES_REGENERATED -> new Words("account.mfa-recovery-codes", "New recovery codes",
                    "Your earlier recovery codes no longer work. Your other sessions were signed out." + notYou,
                    "/me");
            case RECOVERY_CODE_USED -> new Words("account.mfa-recovery-code-used", "A recovery code was used",
                    "Someone signed in with one of your recovery codes; it works no more." + notYou, "/me");
            case RESET_BY_ADMIN -> new Words("account.mfa-reset", "Two-factor sign-in was reset",
                    "An administrator turned your two-factor sign-in off and signed out every session. Turn it on"
                            + " again from your account page.", "/me");
        };
    }

    private static Words expiring(PlatformEvent.ClusterExpiring event) {
        String name = event.name().isEmpty() ? "your cluster" : event.name();
        String resource = "/clusters/" + event.clusterId();
        String keep = " Set a later expires_at to keep it longer, or clear it.";
        return switch (event.notice()) {
            case "within-a-day" -> new Words("cluster.expiring", "Cluster " + name + " expires within a day",
                    "At " + event.expiresAt() + " its destroy starts by itself." + keep, resource);
            case "within-an-hour" -> new Words("cluster.expiring", "Cluster " + name + " expires within an hour",
                    "At " + event.expiresAt() + " its destroy starts by itself." + keep, resource);
            case "due" -> new Words("cluster.expired", "Cluster " + name + " expired",
                    "Its expiry (" + event.expiresAt() + ") came, and its destroy started.", resource);
            case "protected" -> new Words("cluster.expiry-refused", "Cluster " + name + " expired but is protected",
                    "Its expiry (" + event.expiresAt() + ") came, but deletion protection kept it: nothing was"
                            + " deleted. Turn protection off to let it go, or clear its expiry.", resource);
            default -> null;
        };
    }

    private static Words cluster(PlatformEvent.ClusterStatusChanged event) {
        String name = event.name().isEmpty() ? "your cluster" : event.name();
        String resource = "/clusters/" + event.clusterId();
        String reason = event.reason().orElse("");
        return switch (event.status()) {
            case "RUNNING" -> event.previous().filter("UPDATING"::equals).isPresent()
                    ? new Words("cluster.updated", "Cluster " + name + " is updated",
                            "Its change is applied and it is running.", resource)
                    : new Words("cluster.running", "Cluster " + name + " is running",
                            "Its Kubernetes API is ready; the endpoint is on the cluster's page.", resource);
            case "UPDATE_FAILED" -> new Words("cluster.update-failed", "Cluster " + name + " could not be changed",
                    ("cancelled".equals(reason) ? "Its update was cancelled." : "Its update failed: " + reason + ".")
                            + " It may be partly changed: retry it, change it again, or delete it.", resource);
            case "FAILED" -> new Words("cluster.failed", "Cluster " + name + " failed",
                    ("cancelled".equals(reason) ? "Its run was cancelled." : "Its run failed: " + reason + ".")
                            + " Retry it, or delete it to remove what was made.", resource);
            case "DELETED" -> "deleted-by-force".equals(reason)
                    ? new Words("cluster.removed", "Cluster " + name + " is removed from Skyport",
                            "Its destroy had failed, so resources may remain in your cloud account: its history"
                                    + " lists what Skyport last knew of them.", resource)
                    : new Words("cluster.deleted", "Cluster " + name + " is deleted",
                            "Everything Skyport made for it in your cloud account is gone.", resource);
            case "DELETE_FAILED" -> new Words("cluster.delete-failed", "Cluster " + name + " could not be deleted",
                    "The destroy run failed" + (reason.isEmpty() ? "" : ": " + reason)
                            + ". Some resources may remain in your cloud account; delete it again.", resource);
            default -> null;
        };
    }
}
