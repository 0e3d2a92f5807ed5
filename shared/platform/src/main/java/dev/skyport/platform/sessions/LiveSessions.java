package dev.skyport.platform.sessions;

import java.time.Instant;

/**
 * Whether the session an access token belongs to is still going: not signed out, not revoked (password change,
 * refresh-token reuse, demotion), not deleted with its account and not past its end. An access token outlives none
 * of these on a request that changes something.
 */
public interface LiveSessions {

    /**
     * The property that turns the check off when {@code false}: it is on in every HTTP function otherwise (no
     * deployment turns it off; a test of something else may).
     */
    String CHECK_SWITCH = "skyport.security.session-check";

    /** The access-token claim naming the session (refresh-token family) the token belongs to. */
    String SESSION_CLAIM = "sid";

    boolean isLive(String userId, String sessionId, Instant now);
}
