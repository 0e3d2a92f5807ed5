package dev.skyport.cloudaccounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.identity.application.Session;
import dev.skyport.identity.application.Sessions;
import dev.skyport.testing.ApiClient.Reply;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cloud-accounts function refuses writes made with the access token of a session that has ended. */
@MicronautTest
class EndedSessionIT extends CloudAccountsApiTestBase {

    @Test
    void after_logout_the_old_access_token_connects_nothing_but_may_still_list() {
        Session session = signedIn("ended-cloud@example.com", "ended-cloud");
        server.getApplicationContext().getBean(Sessions.class).end(session.refreshToken());

        api.post("/cloud-accounts", connect("After logout", "aws",
                        Map.of("access_key_id", dev.skyport.simulated.LocalAwsServer.GOOD_KEY, "secret_access_key", "x".repeat(40))),
                "Authorization", bearer(session)).isProblem(401, "session-revoked");
        Reply listed = api.get("/cloud-accounts", "Authorization", bearer(session));
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.json().path("accounts")).isEmpty();
        assertThat(allTables()).doesNotContain("After logout");
    }
}
