package dev.skyport.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.identity.application.Session;
import dev.skyport.identity.application.Sessions;
import dev.skyport.identity.testing.People;
import dev.skyport.platform.sessions.LiveSessions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The platform's session check reads the family items identity writes: same keys, same attributes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveSessionsIT {

    private final IdentityContext identity = new IdentityContext(Map.of());
    private final LiveSessions liveSessions = identity.bean(LiveSessions.class);

    @AfterAll
    void close() {
        identity.close();
    }

    @Test
    void a_session_is_live_from_login_until_its_absolute_end_and_not_after() {
        Session session = People.signedIn(identity.context, identity.ses, "live@example.com", "live-one");
        String userId = session.user().id().value();
        Instant now = identity.clock.instant();

        assertThat(liveSessions.isLive(userId, session.sessionId(), now)).isTrue();
        assertThat(liveSessions.isLive(userId, session.sessionId(), now.plus(Duration.ofDays(30)).minusSeconds(1)))
                .isTrue();
        assertThat(liveSessions.isLive(userId, session.sessionId(), now.plus(Duration.ofDays(30)))).isFalse();
    }

    @Test
    void an_ended_unknown_or_someone_elses_session_is_not_live() {
        Session mine = People.signedIn(identity.context, identity.ses, "mine@example.com", "mine");
        Session theirs = People.signedIn(identity.context, identity.ses, "theirs@example.com", "theirs");
        Instant now = identity.clock.instant();

        assertThat(liveSessions.isLive(mine.user().id().value(), theirs.sessionId(), now)).isFalse();
        assertThat(liveSessions.isLive(mine.user().id().value(), "no-such-session", now)).isFalse();
        assertThat(liveSessions.isLive(mine.user().id().value(), "", now)).isFalse();

        identity.bean(Sessions.class).end(mine.refreshToken());
        assertThat(liveSessions.isLive(mine.user().id().value(), mine.sessionId(), now)).isFalse();
        assertThat(liveSessions.isLive(theirs.user().id().value(), theirs.sessionId(), now)).isTrue();
    }
}
