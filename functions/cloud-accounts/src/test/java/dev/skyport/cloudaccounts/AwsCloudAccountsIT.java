package dev.skyport.cloudaccounts;

import static dev.skyport.simulated.LocalAwsServer.DENIED_KEY;
import static dev.skyport.simulated.LocalAwsServer.EXPIRED_KEY;
import static dev.skyport.simulated.LocalAwsServer.GOOD_KEY;
import static dev.skyport.simulated.LocalAwsServer.HANGING_KEY;
import static dev.skyport.simulated.LocalAwsServer.ROLE_ARN;
import static dev.skyport.simulated.LocalAwsServer.UNKNOWN_KEY;
import static dev.skyport.simulated.LocalAwsServer.WRONG_SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.identity.application.Session;
import dev.skyport.testing.ApiClient;
import dev.skyport.testing.ApiClient.Reply;
import dev.skyport.testing.LocalSecretsManagerServer.StoredSecret;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@MicronautTest
class AwsCloudAccountsIT extends CloudAccountsApiTestBase {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private Session owner;
    private Session stranger;

    @BeforeAll
    void people() {
        owner = signedIn("owner@example.com", "owner");
        stranger = signedIn("stranger@example.com", "stranger");
    }

    private static Map<String, Object> keys(String keyId) {
        return Map.of("access_key_id", keyId, "secret_access_key", SECRET);
    }

    @Test
    void access_keys_are_verified_with_sts_and_only_metadata_is_kept() {
        Reply created = api.post("/cloud-accounts", connect("Prod AWS", "aws", keys(GOOD_KEY)),
                "Authorization", bearer(owner));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode account = created.json();
        assertThat(created.headers().firstValue("location")).contains("/cloud-accounts/" + account.path("id").asText());
        assertThat(account.path("provider").asText()).isEqualTo("aws");
        assertThat(account.path("environment").asText()).isEqualTo("dev");
        assertThat(account.path("credentials").path("access_key_id").asText()).isEqualTo("AKIA…0001");
        assertThat(account.path("details").path("account_id").asText()).isEqualTo("123456789012");
        assertThat(account.path("details").path("arn").asText()).isEqualTo("arn:aws:iam::123456789012:user/terraform");
        assertThat(account.path("last_verification").path("ok").asBoolean()).isTrue();
        assertThat(created.body()).doesNotContain(SECRET);

        assertThat(allTables()).doesNotContain(SECRET).contains("arn:aws:secretsmanager");
        StoredSecret secret = secretsManager.secrets().values().stream()
                .filter(s -> s.name().endsWith(account.path("id").asText())).findFirst().orElseThrow();
        assertThat(secret.name()).isEqualTo("skyport/cloud-accounts/" + owner.user().id().value() + "/"
                + account.path("id").asText());
        assertThat(secret.value()).contains(SECRET);
        assertThat(secret.tags()).containsEntry("skyport:owner", owner.user().id().value());

        JsonNode listed = api.get("/cloud-accounts", "Authorization", bearer(owner)).json().path("accounts");
        assertThat(listed).anySatisfy(a -> assertThat(a.path("name").asText()).isEqualTo("Prod AWS"));
        assertThat(api.get("/cloud-accounts/" + account.path("id").asText(), "Authorization", bearer(owner))
                .json().path("name").asText()).isEqualTo("Prod AWS");
    }

    @Test
    void each_refusal_of_sts_is_a_422_with_its_cause_and_the_provider_code_and_nothing_is_stored() {
        int secretsBefore = secretsManager.secrets().size();
        expectRefusal(WRONG_SECRET_KEY, "cloud-secret-wrong", "SignatureDoesNotMatch");
        expectRefusal(EXPIRED_KEY, "cloud-credentials-expired", "ExpiredToken");
        expectRefusal(DENIED_KEY, "cloud-permission-missing", "AccessDenied");
        expectRefusal(UNKNOWN_KEY, "cloud-credentials-invalid", "InvalidClientTokenId");
        Reply hanging = api.post("/cloud-accounts", connect("hang", "aws", keys(HANGING_KEY)),
                "Authorization", bearer(stranger)).isProblem(422, "cloud-provider-timeout");
        assertThat(hanging.body()).doesNotContain(SECRET);
        assertThat(secretsManager.secrets()).hasSize(secretsBefore);
        assertThat(api.get("/cloud-accounts", "Authorization", bearer(stranger)).json().path("accounts")).isEmpty();
    }

    private void expectRefusal(String keyId, String slug, String providerCode) {
        Reply refused = api.post("/cloud-accounts", connect("refused", "aws", keys(keyId)),
                "Authorization", bearer(stranger)).isProblem(422, slug);
        assertThat(refused.json().path("provider_code").asText()).isEqualTo(providerCode);
        assertThat(refused.body()).doesNotContain(SECRET);
    }

    @Test
    void a_role_is_assumed_with_the_users_external_id() {
        Session roleUser = signedIn("role@example.com", "role-user");
        String externalId = api.get("/cloud-accounts/aws/external-id", "Authorization", bearer(roleUser)).json()
                .path("external_id").asText();
        assertThat(externalId).startsWith("skyport-");
        assertThat(api.get("/cloud-accounts/aws/external-id", "Authorization", bearer(roleUser)).json()
                .path("external_id").asText()).isEqualTo(externalId);

        api.post("/cloud-accounts", connect("role", "aws", Map.of("role_arn", ROLE_ARN)), "Authorization",
                bearer(roleUser)).isProblem(422, "cloud-permission-missing");
        aws.trust(ROLE_ARN, externalId);
        Reply created = api.post("/cloud-accounts", connect("role", "aws", Map.of("role_arn", ROLE_ARN)),
                "Authorization", bearer(roleUser));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("details").path("account_id").asText()).isEqualTo("210987654321");
        assertThat(created.json().path("details").path("role_arn").asText()).isEqualTo(ROLE_ARN);

        String id = created.json().path("id").asText();
        Reply buckets = api.get("/cloud-accounts/" + id + "/buckets", "Authorization", bearer(roleUser));
        assertThat(buckets.status()).as(buckets.body()).isEqualTo(200);
        assertThat(buckets.json().path("buckets").get(0).path("name").asText()).isEqualTo("tf-state-prod");
        assertThat(buckets.json().path("buckets").get(0).path("location").asText()).isEqualTo("eu-west-1");
    }

    @Test
    void a_role_whose_trust_policy_does_not_require_the_external_id_is_refused() {
        Session careless = signedIn("careless@example.com", "careless");
        String role = "arn:aws:iam::210987654321:role/skyport-no-external-id";
        aws.trustWithoutExternalId(role);
        int secretsBefore = secretsManager.secrets().size();

        Reply refused = api.post("/cloud-accounts", connect("loose", "aws", Map.of("role_arn", role)),
                "Authorization", bearer(careless)).isProblem(422, "cloud-role-trust-too-broad");

        assertThat(refused.json().path("detail").asText()).contains("external id").contains(role);
        assertThat(api.get("/cloud-accounts", "Authorization", bearer(careless)).json().path("accounts")).isEmpty();
        assertThat(secretsManager.secrets()).hasSize(secretsBefore);
    }

    @Test
    void a_role_in_skyports_own_account_is_refused_without_asking_sts_and_nothing_is_stored() {
        Session deputy = signedIn("deputy@example.com", "deputy");
        String externalId = api.get("/cloud-accounts/aws/external-id", "Authorization", bearer(deputy)).json()
                .path("external_id").asText();
        String ownRole = "arn:aws:iam::" + SKYPORT_ACCOUNT + ":role/OrganizationAccountAccessRole";
        aws.trust(ownRole, externalId); // even a role that would let Skyport in
        int secretsBefore = secretsManager.secrets().size();

        Reply refused = api.post("/cloud-accounts", connect("own", "aws", Map.of("role_arn", ownRole)),
                "Authorization", bearer(deputy)).isProblem(422, "cloud-role-in-skyport-account");
        assertThat(refused.json().path("detail").asText()).contains("credentials.role_arn");
        api.post("/cloud-accounts", connect("own", "aws", Map.of("role_arn",
                "arn:aws:iam::" + SKYPORT_ACCOUNT + ":role/service-role/skyport-cloud-accounts")),
                "Authorization", bearer(deputy)).isProblem(422, "cloud-role-in-skyport-account");

        String id = api.post("/cloud-accounts", connect("keys", "aws", keys(GOOD_KEY)), "Authorization",
                bearer(deputy)).json().path("id").asText();
        api.put("/cloud-accounts/" + id + "/credentials", ApiClient.json("credentials", Map.of("role_arn", ownRole)),
                "Authorization", bearer(deputy)).isProblem(422, "cloud-role-in-skyport-account");

        assertThat(aws.assumeRoleRequests()).noneMatch(arn -> arn.contains(SKYPORT_ACCOUNT));
        assertThat(secretsManager.secrets()).hasSize(secretsBefore + 1);
        assertThat(api.get("/cloud-accounts", "Authorization", bearer(deputy)).json().path("accounts"))
                .singleElement().satisfies(a -> assertThat(a.path("credentials").path("kind").asText())
                        .isEqualTo("access_keys"));
    }

    @Test
    void a_role_arn_must_be_strictly_an_iam_role_of_a_known_partition() {
        int requests = aws.requests();
        for (String arn : java.util.List.of("arn:aws-evil:iam::123456789012:role/x",
                "arn:aws:iam::12345678901:role/x", "arn:aws:iam::1234567890123:role/x",
                "arn:aws:iam::123456789012:user/x", "arn:aws:iam::123456789012:role/",
                "arn:aws:iam::123456789012:role/has space", "arn:aws:iam::123456789012:role/" + "n".repeat(65),
                "arn:aws:iam::123456789012:role/" + "p/".repeat(257) + "name",
                "arn:aws:sts::123456789012:role/x", "arn:aws:iam::123456789012:role/x\nInjected")) {
            api.post("/cloud-accounts", connect("strict", "aws", Map.of("role_arn", arn)), "Authorization",
                    bearer(stranger)).isProblem(400, "invalid-credentials");
        }
        assertThat(aws.requests()).isEqualTo(requests);
        for (String arn : java.util.List.of("arn:aws-cn:iam::210987654321:role/skyport",
                "arn:aws-us-gov:iam::210987654321:role/path/to/sky+port=,.@_-")) {
            api.post("/cloud-accounts", connect("strict", "aws", Map.of("role_arn", arn)), "Authorization",
                    bearer(stranger)).isProblem(422, "cloud-permission-missing");
        }
    }

    @Test
    void another_user_cannot_see_verify_rotate_list_the_buckets_of_or_delete_an_account() {
        String id = api.post("/cloud-accounts", connect("Mine", "aws", keys(GOOD_KEY)), "Authorization",
                bearer(owner)).json().path("id").asText();
        String path = "/cloud-accounts/" + id;
        api.get(path, "Authorization", bearer(stranger)).isProblem(404, "cloud-account-not-found");
        api.post(path + "/verify", null, "Authorization", bearer(stranger)).isProblem(404, "cloud-account-not-found");
        api.put(path + "/credentials", ApiClient.json("credentials", keys(GOOD_KEY)), "Authorization",
                bearer(stranger)).isProblem(404, "cloud-account-not-found");
        api.get(path + "/buckets", "Authorization", bearer(stranger)).isProblem(404, "cloud-account-not-found");
        api.delete(path, null, "Authorization", bearer(stranger)).isProblem(404, "cloud-account-not-found");
        assertThat(api.get(path, "Authorization", bearer(owner)).status()).isEqualTo(200);
        api.get(path).isProblem(401, "unauthenticated");
    }

    @Test
    void reverify_records_the_time_and_result_and_rotation_verifies_before_replacing() {
        Session rotator = signedIn("rotate@example.com", "rotator");
        String id = api.post("/cloud-accounts", connect("Rotating", "aws", keys(GOOD_KEY)), "Authorization",
                bearer(rotator)).json().path("id").asText();
        String path = "/cloud-accounts/" + id;

        Reply verified = api.post(path + "/verify", null, "Authorization", bearer(rotator));
        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.json().path("last_verification").path("ok").asBoolean()).isTrue();

        api.put(path + "/credentials", ApiClient.json("credentials", keys(WRONG_SECRET_KEY)), "Authorization",
                bearer(rotator)).isProblem(422, "cloud-secret-wrong");
        assertThat(api.get(path, "Authorization", bearer(rotator)).json().path("credentials")
                .path("access_key_id").asText()).isEqualTo("AKIA…0001");

        Reply rotated = api.put(path + "/credentials", ApiClient.json("credentials",
                Map.of("access_key_id", "AKIAGOODKEY000000001", "secret_access_key", "a-new-secret-value")),
                "Authorization", bearer(rotator));
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertThat(secretsManager.secrets().values()).anySatisfy(s -> assertThat(s.value()).contains("a-new-secret-value"));
        assertThat(allTables()).doesNotContain("a-new-secret-value");
    }

    @Test
    void deleting_removes_the_account_and_schedules_the_secret_for_deletion() {
        Session leaver = signedIn("leaver@example.com", "leaver");
        String id = api.post("/cloud-accounts", connect("Temporary", "aws", keys(GOOD_KEY)), "Authorization",
                bearer(leaver)).json().path("id").asText();
        assertThat(api.delete("/cloud-accounts/" + id, null, "Authorization", bearer(leaver)).status()).isEqualTo(204);
        api.get("/cloud-accounts/" + id, "Authorization", bearer(leaver)).isProblem(404, "cloud-account-not-found");
        assertThat(secretsManager.secrets().values()).anySatisfy(s -> {
            assertThat(s.name()).endsWith(id);
            assertThat(s.deleted()).isTrue();
            assertThat(s.recoveryDays()).isEqualTo(7L);
        });
        assertThat(api.post("/cloud-accounts", connect("Temporary", "aws", keys(GOOD_KEY)), "Authorization",
                bearer(leaver)).status()).isEqualTo(201);
    }

    @Test
    void names_are_unique_per_user_and_twenty_accounts_is_the_limit() {
        Session collector = signedIn("collector@example.com", "collector");
        for (int i = 0; i < 20; i++) {
            assertThat(api.post("/cloud-accounts", connect("Account " + i, "aws", keys(GOOD_KEY)), "Authorization",
                    bearer(collector)).status()).isEqualTo(201);
        }
        api.post("/cloud-accounts", connect("account 3", "aws", keys(GOOD_KEY)), "Authorization", bearer(collector))
                .isProblem(409, "cloud-account-name-taken");
        api.post("/cloud-accounts", connect("Account 21", "aws", keys(GOOD_KEY)), "Authorization", bearer(collector))
                .isProblem(429, "cloud-account-limit");
        assertThat(api.post("/cloud-accounts", connect("Account 3", "aws", keys(GOOD_KEY)), "Authorization",
                bearer(owner)).status()).as("another user may use the same name").isIn(201, 409);
    }

    @Test
    void bad_input_is_a_400_that_names_the_field() {
        api.post("/cloud-accounts", connect("x", "digitalocean", keys(GOOD_KEY)), "Authorization", bearer(stranger))
                .isProblem(400, "invalid-provider");
        api.post("/cloud-accounts", ApiClient.json("name", "x", "provider", "aws", "environment", "staging",
                "credentials", keys(GOOD_KEY)), "Authorization", bearer(stranger)).isProblem(400, "invalid-environment");
        api.post("/cloud-accounts", connect("", "aws", keys(GOOD_KEY)), "Authorization", bearer(stranger))
                .isProblem(400, "invalid-name");
        api.post("/cloud-accounts", connect("x", "aws", Map.of("access_key_id", "nope", "secret_access_key", "s")),
                "Authorization", bearer(stranger)).isProblem(400, "invalid-credentials");
        api.post("/cloud-accounts", connect("x", "aws", Map.of("role_arn", "arn:aws:s3:::bucket")),
                "Authorization", bearer(stranger)).isProblem(400, "invalid-credentials");
        api.post("/cloud-accounts", "{\"name\": \"x\", ", "Authorization", bearer(stranger))
                .isProblem(400, "malformed-request");
    }
}
