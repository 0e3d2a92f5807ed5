package dev.skyport.cloudaccounts;

import static dev.skyport.simulated.LocalAwsServer.GOOD_KEY;
import static dev.skyport.simulated.LocalAwsServer.WRONG_SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.identity.application.Session;
import dev.skyport.testing.ApiClient;
import dev.skyport.testing.ApiClient.Reply;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Skyport is no oracle for stolen cloud keys: past a few refused verifications per user, and per client address,
 * it answers 429 without asking the provider. The address is the connection's, whatever headers say.
 */
@MicronautTest
class FailedVerificationLimitIT extends CloudAccountsApiTestBase {

    private static final int PER_USER = 3;
    private static final int PER_ADDRESS = 5;

    @Override
    Map<String, String> extraProperties() {
        return Map.of("skyport.cloud-accounts.failed-verifications-per-user", Integer.toString(PER_USER),
                "skyport.cloud-accounts.failed-verifications-per-address", Integer.toString(PER_ADDRESS),
                "skyport.cloud-accounts.failed-verification-window", "1h");
    }

    private Reply connectKeys(Session session, String keyId, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = bearer(session);
        System.arraycopy(headers, 0, all, 2, headers.length);
        return api.post("/cloud-accounts", connect("guess", "aws", Map.of("access_key_id", keyId,
                "secret_access_key", "stolen-or-guessed")), all);
    }

    @Test
    void failed_verifications_are_limited_per_user_and_then_per_address_without_asking_the_provider() {
        Session guesser = signedIn("guesser@example.com", "guesser");
        for (int i = 0; i < PER_USER; i++) {
            connectKeys(guesser, WRONG_SECRET_KEY).isProblem(422, "cloud-secret-wrong");
        }
        int stsRequests = aws.requests();
        Reply limited = connectKeys(guesser, WRONG_SECRET_KEY).isProblem(429, "too-many-failed-verifications");
        assertThat(limited.headers().firstValue("retry-after")).hasValueSatisfying(seconds ->
                assertThat(Long.parseLong(seconds)).isBetween(1L, 3600L));
        connectKeys(guesser, GOOD_KEY).isProblem(429, "too-many-failed-verifications");
        Session rotator = signedIn("guesser-rotates@example.com", "guesser-rotates");
        assertThat(aws.requests()).as("no provider call once limited").isEqualTo(stsRequests);

        // A second person from the same address (and headers that claim another one) fills the address's limit.
        String id = connectKeys(rotator, GOOD_KEY).json().path("id").asText();
        for (int i = PER_USER; i < PER_ADDRESS; i++) {
            api.put("/cloud-accounts/" + id + "/credentials", ApiClient.json("credentials", Map.of(
                    "access_key_id", WRONG_SECRET_KEY, "secret_access_key", "guess")), "Authorization",
                    bearer(rotator), "X-Forwarded-For", "198.51.100." + i, "Forwarded", "for=198.51.100." + i)
                    .isProblem(422, "cloud-secret-wrong");
        }
        stsRequests = aws.requests();
        Session third = signedIn("third@example.com", "third");
        connectKeys(third, GOOD_KEY, "X-Forwarded-For", "198.51.100.200", "X-Real-IP", "198.51.100.200")
                .isProblem(429, "too-many-failed-verifications");
        assertThat(aws.requests()).isEqualTo(stsRequests);
        assertThat(api.get("/cloud-accounts", "Authorization", bearer(third)).json().path("accounts")).isEmpty();
        assertThat(allTables()).contains("ADDRESS#127.0.0.1").doesNotContain("198.51.100.");
    }
}
