package dev.skyport.kernel;

import java.util.List;

/**
 * The names of the published language's events: the {@link DomainEvent#type()} of every {@link PlatformEvent}
 * (SNS filter policies match these strings). The events' fields are {@link PlatformEvent}'s records.
 */
public final class EventTypes {

    /** Identity deleted an account; subject is the user id. Every context removes what the user owned. */
    public static final String USER_DELETED = "user.deleted";

    /**
     * A cluster's status changed; subject is the owner. Data: {@code clusterId, name, status, previous} (empty for
     * a new cluster), {@code reason, runId} (empty when none) and {@code version}.
     */
    public static final String CLUSTER_STATUS_CHANGED = "cluster.status-changed";

    /**
     * A cluster's expiry is near or here; subject is the owner. Data: {@code clusterId, name, expiresAt} (an ISO
     * instant) and {@code notice}: {@code within-a-day}, {@code within-an-hour}, {@code due} (its destroy started) or
     * {@code protected} (it expired, but deletion protection kept it).
     */
    public static final String CLUSTER_EXPIRING = "cluster.expiring";

    /** A password was changed, reset or set for the first time; subject is the user. Data: {@code how}. */
    public static final String PASSWORD_CHANGED = "user.password-changed";

    /** A Google account was linked to a Skyport account at sign-in; subject is the user. Data: {@code email}. */
    public static final String GOOGLE_LINKED = "user.google-linked";

    /**
     * A cloud account that was verified failed its re-verification; subject is the owner. Data:
     * {@code cloudAccountId, name, provider, reason}.
     */
    public static final String CLOUD_ACCOUNT_VERIFICATION_FAILED = "cloud-account.verification-failed";

    /**
     * A person signed out of one session (logout); subject is the user. Data: {@code sessionId}. What that session
     * opened (its live connections) closes; nothing is notified.
     */
    public static final String SESSION_ENDED = "user.session-ended";

    /**
     * A person revoked one of their personal access tokens; subject is the user. Data: {@code tokenId}. The live
     * connections opened with a ticket of that token close; nothing is notified.
     */
    public static final String TOKEN_REVOKED = "user.token-revoked";

    /**
     * A person's two-factor sign-in changed; subject is the user. Data: {@code change}: {@code enabled},
     * {@code disabled}, {@code recovery-codes-regenerated}, {@code recovery-code-used} or {@code reset-by-admin}.
     * The person's other sessions ended with it (all of them for an admin's reset): their connections close.
     */
    public static final String SECOND_FACTOR_CHANGED = "user.second-factor-changed";

    /**
     * An outbound channel (a webhook or Slack endpoint) was turned off after a day of failed deliveries; subject is
     * its owner. Data: {@code channelId, channelType} ({@code webhook} or {@code slack}) and {@code failingSince} (an
     * ISO instant). It is not published on the platform-events topic: the notifications context sends it only to
     * identity's event-mail queue, so that the function that posts to people's receivers can announce nothing else.
     */
    public static final String CHANNEL_DISABLED = "channel.disabled";

    /**
     * What a person is told about away from the console, on their channels and by e-mail: a cluster's status, an
     * expiry, a cloud account failing its check, and the security events of their account.
     */
    public static final List<String> TOLD_AWAY_FROM_THE_CONSOLE = List.of(CLUSTER_STATUS_CHANGED, CLUSTER_EXPIRING,
            CLOUD_ACCOUNT_VERIFICATION_FAILED, PASSWORD_CHANGED, GOOGLE_LINKED, SECOND_FACTOR_CHANGED);

    private EventTypes() {
    }
}
