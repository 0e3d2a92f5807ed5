package dev.skyport.cloudaccounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.identity.application.Session;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Ids, names and credentials of unexpected shape or size are a 4xx problem that changes nothing, never a 500: a
 * cloud-account id is a UUID (anything else is an account that does not exist), names and credential fields have
 * length caps.
 */
@MicronautTest
class BoundedInputsIT extends CloudAccountsApiTestBase {

    @Test
    void an_id_that_is_no_uuid_is_an_account_that_does_not_exist() {
        Session alice = signedIn("bounded-ids@example.com", "bounded-ids");
        for (String id : new String[] {"not-a-uuid", "x".repeat(3000), "%00", "..%2F..%2Fadmin",
                "00000000-0000-0000-0000-00000000000G"}) {
            api.get("/cloud-accounts/" + id, "Authorization", bearer(alice)).isProblem(404, "cloud-account-not-found");
            api.post("/cloud-accounts/" + id + "/verify", "", "Authorization", bearer(alice))
                    .isProblem(404, "cloud-account-not-found");
            api.delete("/cloud-accounts/" + id, null, "Authorization", bearer(alice))
                    .isProblem(404, "cloud-account-not-found");
            api.get("/cloud-accounts/" + id + "/buckets", "Authorization", bearer(alice))
                    .isProblem(404, "cloud-account-not-found");
        }
    }

    @Test
    void over_long_names_and_credential_fields_are_refused_and_nothing_is_stored() {
        Session bob = signedIn("bounded-names@example.com", "bounded-names");
        String before = allTables();
        api.post("/cloud-accounts", connect("n".repeat(3000), "aws",
                        Map.of("access_key_id", "AKIAEXAMPLE", "secret_access_key", "secret")),
                "Authorization", bearer(bob)).isProblem(400, "invalid-name");
        api.post("/cloud-accounts", connect("fine", "aws",
                        Map.of("access_key_id", "A".repeat(3000), "secret_access_key", "secret")),
                "Authorization", bearer(bob)).isProblem(400, "invalid-credentials");
        api.post("/cloud-accounts", connect("fine", "azure", Map.of("tenant_id", "t".repeat(3000),
                        "client_id", "c", "client_secret", "s", "subscription_id", "s")),
                "Authorization", bearer(bob)).isProblem(400, "invalid-credentials");
        assertThat(allTables()).isEqualTo(before);
        assertThat(secretsManager.secrets()).isEmpty();
    }
}
