package dev.skyport.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyport.platform.dynamodb.SkyportTables;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.testing.ApiClient;
import dev.skyport.testing.ApiClient.Reply;
import dev.skyport.testing.MutableClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The audit log on the local platform (issue 28): one journey of two people and an administrator (sign-up, sign-in
 * attempts good and bad, a password reset, a cloud account, a cluster the simulated provisioner brings up, a role
 * change, a password change), then what each may read of it, its filters, paging and exports, and a search of every
 * entry for every password, token and credential the journey used.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalAuditIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_EMAIL = "boss@example.com";
    private static final String NEW_PASSWORD = "a second horse battery staple";
    private static final String RESET_PASSWORD = "a third horse battery staple";
    private static final String WRONG_PASSWORD = "not-the-password-at-all";

    private LocalPlatform platform;
    private ApiClient api;
    private String ada;
    private String adaId;
    private String bob;
    private String boss;
    private String clusterId;
    private Instant journeyStart;
    private Thread follower;
    /** Every secret value the journey sent or received: none may be in any entry. */
    private final Set<String> secrets = new HashSet<>();
    private MutableClock clock;

    @BeforeAll
    void journey() throws Exception {
        platform = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(), Optional.empty(),
                Optional.empty(), Map.of("skyport.admin-emails", ADMIN_EMAIL)));
        api = new ApiClient(platform::baseUrl);
        // The test context's clock stands still unless told: here it follows real time, so that entries made one
        // after the other have times one after the other, as they do outside tests.
        clock = platform.context().getBean(MutableClock.class);
        follower = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                clock.catchUp();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        });
        clock.catchUp();
        journeyStart = clock.instant();
        secrets.add(TourSteps.PASSWORD);
        secrets.add(NEW_PASSWORD);
        secrets.add(RESET_PASSWORD);
        secrets.add(WRONG_PASSWORD);

        ada = TourSteps.signedIn(api, "ada@example.com", "ada");
        bob = TourSteps.signedIn(api, "bob@example.com", "bob");
        boss = TourSteps.signedIn(api, ADMIN_EMAIL, "the-boss");
        for (String bearer : List.of(ada, bob, boss)) {
            secrets.add(bearer.substring("Bearer ".length()));
        }
        for (JsonNode mail : api.get("/local/outbox").json()) {
            mail.path("links").forEach(link -> secrets.add(tokenOf(link.asText())));
        }
        adaId = api.get("/me", "Authorization", ada).json().path("id").asText();

        // A wrong password, then a right one whose refresh token is traded once.
        api.post("/auth/login", ApiClient.json("login", "ada", "password", WRONG_PASSWORD)).isProblem(401,
                "invalid-credentials");
        JsonNode session = api.post("/auth/login", ApiClient.json("login", "ada", "password", TourSteps.PASSWORD))
                .json();
        secrets.add(session.path("access_token").asText());
        secrets.add(session.path("refresh_token").asText());
        JsonNode renewed = api.post("/auth/refresh", ApiClient.json("refresh_token",
                session.path("refresh_token").asText())).json();
        secrets.add(renewed.path("access_token").asText());
        secrets.add(renewed.path("refresh_token").asText());
        String ticket = api.post("/auth/ws-ticket", "", "Authorization", ada).json().path("ticket").asText();
        secrets.add(ticket);

        // A personal access token (issue 29): made, used for a write and a ticket, refused outside its scopes.
        Reply made = api.post("/me/tokens", "{\"name\":\"audited script\",\"scopes\":[\"read\","
                + "\"notifications:write\"],\"expires_in_days\":30}", "Authorization", ada);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String personalToken = made.json().path("token").asText();
        secrets.add(personalToken);
        secrets.add(personalToken.substring("skp_".length()));
        assertThat(api.post("/notifications/read-all", "", "Authorization", "Bearer " + personalToken).status())
                .isBetween(200, 204);
        secrets.add(api.post("/auth/ws-ticket", "", "Authorization", "Bearer " + personalToken).json()
                .path("ticket").asText());
        api.post("/cloud-accounts", "{}", "Authorization", "Bearer " + personalToken).isProblem(403,
                "insufficient-scope");

        // A cloud account with credentials, and a cluster the simulated provisioner brings up.
        JsonNode credentials = api.get("/local/simulated-cloud").json().path("aws").path("passes");
        credentials.properties().forEach(field -> {
            if (field.getValue().asText().length() >= 8) {
                secrets.add(field.getValue().asText());
            }
        });
        String account = TourSteps.connectSimulated(api, ada, "aws", "Audited");
        clusterId = TourSteps.createCluster(api, ada, account, "audited", "{}").path("id").asText();
        TourSteps.awaitStatus(api, ada, clusterId, "RUNNING");

        // Outbound channels: a webhook's signing secret (at creation and rotation) and a Slack webhook's URL.
        Reply webhook = api.post("/channels/endpoints", "{\"url\":\"http://127.0.0.1:9/hook\",\"event_kinds\":"
                + "[\"cluster.run-failed\"]}", "Authorization", ada);
        assertThat(webhook.status()).as(webhook.body()).isEqualTo(201);
        secrets.add(webhook.json().path("secret").asText());
        String channelId = webhook.json().path("channel").path("id").asText();
        Reply rotated = api.post("/channels/endpoints/" + channelId + "/rotate-secret", "", "Authorization", ada);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        secrets.add(rotated.json().path("secret").asText());
        String slackUrl = "http://127.0.0.1:9/services/T00000000/B00000000/XXXXslackXXXXsecretXXXX";
        Reply slack = api.post("/channels/endpoints", "{\"type\":\"slack\",\"url\":\"" + slackUrl
                + "\",\"event_kinds\":[\"cluster.run-failed\"]}", "Authorization", ada);
        assertThat(slack.status()).as(slack.body()).isEqualTo(201);
        secrets.add(slackUrl);
        secrets.add("XXXXslackXXXXsecretXXXX");
        assertThat(api.patch("/channels/endpoints/" + slack.json().path("channel").path("id").asText(),
                "{\"url\":\"" + slackUrl + "2\"}", "Authorization", ada).status()).isEqualTo(200);

        // The administrator makes Ada an administrator too; Bob tries the same and is refused.
        api.put("/admin/users/" + adaId + "/roles", "{\"roles\":[\"USER\",\"ADMIN\"]}", "Authorization", bob)
                .isProblem(403, "forbidden");
        Reply promoted = api.put("/admin/users/" + adaId + "/roles", "{\"roles\":[\"USER\",\"ADMIN\"]}",
                "Authorization", boss);
        assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);

        // Ada changes her password, forgets it, and resets it from the mailed link.
        Reply changed = api.post("/me/password", ApiClient.json("current_password", TourSteps.PASSWORD,
                "new_password", NEW_PASSWORD), "Authorization", ada);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        ada = "Bearer " + changed.json().path("access_token").asText();
        secrets.add(changed.json().path("access_token").asText());
        secrets.add(changed.json().path("refresh_token").asText());
        assertThat(api.post("/auth/password/forgot", ApiClient.json("email", "ada@example.com")).status())
                .isEqualTo(202);
        String resetToken = null;
        for (JsonNode mail : api.get("/local/outbox").json()) {
            for (JsonNode link : mail.path("links")) {
                if (link.asText().contains("/password/reset")) {
                    resetToken = tokenOf(link.asText());
                }
            }
        }
        assertThat(resetToken).isNotNull();
        secrets.add(resetToken);
        assertThat(api.post("/auth/password/reset", ApiClient.json("token", resetToken, "new_password",
                RESET_PASSWORD)).status()).isEqualTo(204);
        JsonNode again = api.post("/auth/login", ApiClient.json("login", "ada", "password", RESET_PASSWORD)).json();
        ada = "Bearer " + again.path("access_token").asText();
        secrets.add(again.path("access_token").asText());
        secrets.add(again.path("refresh_token").asText());

        // Bob turns two-factor sign-in on, signs in with a recovery code and steps up with another: the secret, the
        // URI, the recovery codes and the challenge are secrets too (codes are six digits: no search could tell them
        // from a time, so they are left out of it).
        Reply enrol = api.post("/me/mfa/totp", "{}", "Authorization", bob);
        assertThat(enrol.status()).as(enrol.body()).isEqualTo(201);
        secrets.add(enrol.json().path("secret").asText());
        secrets.add(enrol.json().path("otpauth_uri").asText());
        dev.skyport.testing.Authenticator app = new dev.skyport.testing.Authenticator(new dev.skyport.testing.NodeTools(
                dev.skyport.testing.Authenticator.SOURCES, java.nio.file.Path.of("target/totp-checks")),
                enrol.json().path("otpauth_uri").asText());
        Reply confirmed = api.post("/me/mfa/totp/confirm", ApiClient.json("code", app.code(clock.instant())),
                "Authorization", bob);
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        confirmed.json().path("recovery_codes").forEach(code -> secrets.add(code.asText()));
        bob = "Bearer " + confirmed.json().path("session").path("access_token").asText();
        secrets.add(confirmed.json().path("session").path("access_token").asText());
        secrets.add(confirmed.json().path("session").path("refresh_token").asText());
        String challenge = api.post("/auth/login", ApiClient.json("login", "bob", "password", TourSteps.PASSWORD))
                .json().path("challenge").asText();
        secrets.add(challenge);
        Reply second = api.post("/auth/login/mfa", ApiClient.json("challenge", challenge, "recovery_code",
                confirmed.json().path("recovery_codes").get(0).asText()));
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        secrets.add(second.json().path("access_token").asText());
        secrets.add(second.json().path("refresh_token").asText());
        assertThat(api.post("/auth/mfa/step-up", ApiClient.json("recovery_code", confirmed.json()
                .path("recovery_codes").get(1).asText()), "Authorization", bob).status()).isEqualTo(200);

        awaitEntry(ada, "/audit?action=clusterTransition&resource=/clusters/" + clusterId, "RUNNING");
    }

    @Test
    void two_factor_changes_are_recorded_as_the_persons_own() {
        List<JsonNode> bobs = all(bob, "/audit");
        assertThat(actions(bobs)).contains("enrolTotp", "confirmTotp", "completeMfaLogin", "stepUp");
        assertThat(first(bobs, "enrolTotp").path("resource").asText()).isEqualTo("/me/mfa/totp");
        assertThat(first(bobs, "completeMfaLogin").path("actor_kind").asText()).isEqualTo("person");
        assertThat(first(bobs, "completeMfaLogin").path("status").asInt()).isEqualTo(200);
    }

    @AfterAll
    void stop() {
        if (follower != null) {
            follower.interrupt();
        }
        if (platform != null) {
            platform.close();
        }
    }

    private static String tokenOf(String link) {
        int at = link.indexOf("token=");
        return at < 0 ? link : link.substring(at + "token=".length());
    }

    @Test
    void each_kind_of_action_is_recorded_with_its_actor_outcome_client_and_request() {
        List<JsonNode> mine = all(ada, "/audit");
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(actions(mine)).contains("verifyFromPage", "login", "refresh", "wsTicket", "createToken",
                "createChannel", "rotateChannelSecret", "updateChannel", "connectCloudAccount", "createCluster",
                "changeRoles", "changePassword", "clusterTransition");
        JsonNode login = first(mine, "login");
        softly.assertThat(login.path("actor_kind").asText()).isEqualTo("person");
        softly.assertThat(login.path("actor_id").asText()).isEqualTo(adaId);
        softly.assertThat(login.path("detail").asText()).isEqualTo("login ada");
        softly.assertThat(login.path("outcome").asText()).isEqualTo("done");
        softly.assertThat(login.path("status").asInt()).isEqualTo(200);
        softly.assertThat(login.path("client_address").asText()).isEqualTo("127.0.0.1");
        softly.assertThat(login.path("user_agent").asText()).isNotBlank();
        softly.assertThat(login.path("request_id").asText()).isNotBlank();
        JsonNode created = first(mine, "createCluster");
        softly.assertThat(created.path("resource").asText()).isEqualTo("/clusters");
        softly.assertThat(created.path("status").asInt()).isEqualTo(202);
        JsonNode roles = first(mine, "changeRoles");
        softly.assertThat(roles.path("actor_kind").asText()).as("an admin acting on a person").isEqualTo("admin");
        softly.assertThat(roles.path("actor_for").asText()).isEqualTo(adaId);
        softly.assertThat(roles.path("owner").asText()).isEqualTo(adaId);
        softly.assertThat(roles.path("resource").asText()).isEqualTo("/admin/users/" + adaId + "/roles");
        List<String> transitions = mine.stream().filter(e -> e.path("action").asText().equals("clusterTransition"))
                .map(e -> e.path("actor_kind").asText() + " " + e.path("resource").asText() + " "
                        + e.path("detail").asText().replaceAll(" \\(run .*\\)", "")).toList();
        JsonNode byToken = mine.stream().filter(e -> e.path("actor_kind").asText().equals("token")).findFirst()
                .orElseThrow();
        softly.assertThat(byToken.path("actor_for").asText()).as("a token acts for its person").isEqualTo(adaId);
        softly.assertThat(byToken.path("detail").asText()).startsWith("token audited script");
        softly.assertThat(transitions).as("workflow transitions, newest first").containsSubsequence(
                "workflow /clusters/" + clusterId + " PROVISIONING -> RUNNING",
                "workflow /clusters/" + clusterId + " REQUESTED -> PROVISIONING");
        softly.assertAll();
    }

    @Test
    void sign_in_attempts_are_recorded_with_the_name_tried_and_refusals_with_their_problem_type() {
        List<JsonNode> everyone = all(boss, "/admin/audit?action=login");
        JsonNode wrong = everyone.stream().filter(e -> e.path("outcome").asText().equals("refused")).findFirst()
                .orElseThrow();
        assertThat(wrong.path("actor_kind").asText()).isEqualTo("anonymous");
        assertThat(wrong.path("actor_id").asText()).isEqualTo("ada");
        assertThat(wrong.path("status").asInt()).isEqualTo(401);
        assertThat(wrong.path("problem_type").asText()).isEqualTo("https://skyport.dev/problems/invalid-credentials");
        assertThat(textOrNull(wrong.path("owner"))).as("a failed sign-in is nobody's own entry").isNull();

        List<JsonNode> attempts = all(boss, "/admin/audit?resource=/auth");
        assertThat(actions(attempts)).contains("signUp", "verifyFromPage", "login", "refresh", "forgotPassword",
                "resetPassword");
        JsonNode forgot = first(attempts, "forgotPassword");
        assertThat(forgot.path("actor_id").asText()).isEqualTo("ada@example.com");

        JsonNode refused = first(all(boss, "/admin/audit?action=changeRoles"), "changeRoles", "refused");
        assertThat(refused.path("actor_id").asText()).as("bob's refused attempt").isNotEqualTo(adaId);
        assertThat(refused.path("problem_type").asText()).endsWith("/forbidden");
    }

    @Test
    void a_person_sees_only_their_own_entries_and_the_admin_route_refuses_them() {
        List<JsonNode> bobs = all(bob, "/audit");
        assertThat(bobs).isNotEmpty().allSatisfy(entry -> assertThat(entry.path("owner").asText())
                .isNotEqualTo(adaId));
        assertThat(bobs).noneSatisfy(entry -> assertThat(entry.path("resource").asText())
                .contains(clusterId));
        api.get("/admin/audit", "Authorization", bob).isProblem(403, "forbidden");
        api.get("/admin/audit/export?format=csv", "Authorization", bob).isProblem(403, "forbidden");
        api.get("/audit").isProblem(401, "unauthenticated");

        // Ada's cursor, however obtained, does not open her entries to Bob.
        String adasCursor = api.get("/audit?limit=1", "Authorization", ada).json().path("next_cursor").asText();
        assertThat(adasCursor).isNotBlank();
        api.get("/audit?cursor=" + adasCursor, "Authorization", bob).isProblem(400, "invalid-cursor");

        // The administrator reads anyone's, and one person's by id.
        List<JsonNode> adasByAdmin = all(boss, "/admin/audit?user=" + adaId);
        assertThat(adasByAdmin).allSatisfy(entry -> assertThat(entry.path("owner").asText()).isEqualTo(adaId));
        assertThat(ids(adasByAdmin)).containsExactlyElementsOf(ids(all(ada, "/audit")));
    }

    @Test
    void filters_narrow_by_action_resource_and_time_range() {
        List<JsonNode> creates = all(ada, "/audit?action=createCluster");
        assertThat(actions(creates)).containsOnly("createCluster");
        List<JsonNode> aboutCluster = all(ada, "/audit?resource=/clusters/" + clusterId);
        assertThat(aboutCluster).isNotEmpty().allSatisfy(entry -> assertThat(entry.path("resource").asText())
                .startsWith("/clusters/" + clusterId));
        assertThat(all(ada, "/audit?to=" + journeyStart.minusSeconds(60))).isEmpty();
        assertThat(all(ada, "/audit?from=" + Instant.now().plusSeconds(60) + "&to="
                + Instant.now().plusSeconds(120))).isEmpty();
        List<JsonNode> whole = all(ada, "/audit?from=" + journeyStart.minusSeconds(1) + "&to="
                + Instant.now().plusSeconds(1));
        assertThat(ids(whole)).containsExactlyElementsOf(ids(all(ada, "/audit")));
    }

    @Test
    void pages_go_newest_first_without_gaps_or_repeats() {
        List<JsonNode> whole = new ArrayList<>();
        api.get("/audit?limit=100", "Authorization", ada).json().path("entries").forEach(whole::add);
        List<JsonNode> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.get("/audit?limit=3" + (cursor == null ? "" : "&cursor=" + cursor),
                    "Authorization", ada).json();
            page.path("entries").forEach(paged::add);
            cursor = textOrNull(page.path("next_cursor"));
            pages++;
        } while (cursor != null && pages < 100);
        assertThat(pages).isGreaterThan(2);
        assertThat(ids(paged)).containsExactlyElementsOf(ids(whole)).doesNotHaveDuplicates();
        List<String> times = paged.stream().map(e -> e.path("at").asText()).toList();
        assertThat(times).isSortedAccordingTo((a, b) -> Instant.parse(b).compareTo(Instant.parse(a)));

        List<JsonNode> everyonePaged = all(boss, "/admin/audit?limit=4");
        assertThat(ids(everyonePaged)).doesNotHaveDuplicates().containsAll(ids(whole));
    }

    @Test
    void exports_are_csv_and_json_lines_of_the_same_entries() throws Exception {
        List<String> listed = ids(all(ada, "/audit"));
        Reply csv = api.get("/audit/export?format=csv", "Authorization", ada);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(value ->
                assertThat(value).contains("attachment"));
        String[] rows = csv.body().split("\r\n");
        assertThat(rows[0]).startsWith("id,at,owner,actor_kind,actor_id");
        assertThat(rows).hasSize(listed.size() + 1);
        assertThat(rows[1]).startsWith(listed.getFirst() + ",");

        Reply lines = api.get("/audit/export?format=jsonl", "Authorization", ada);
        assertThat(lines.status()).isEqualTo(200);
        assertThat(lines.contentType()).startsWith("application/jsonl");
        List<String> exported = new ArrayList<>();
        for (String line : lines.body().split("\n")) {
            exported.add(JSON.readTree(line).path("id").asText());
        }
        assertThat(exported).containsExactlyElementsOf(listed);

        Reply adminExport = api.get("/admin/audit/export?format=jsonl&action=clusterTransition", "Authorization",
                boss);
        assertThat(adminExport.body().split("\n")).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(line -> assertThat(line).contains("\"action\":\"clusterTransition\""));
    }

    @Test
    void bad_filters_and_cursors_are_refused_naming_the_field() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("/audit?from=yesterday", "400 invalid-time-range from ");
        refused.put("/audit?to=2026-13-01T00:00:00Z", "400 invalid-time-range to ");
        refused.put("/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "400 invalid-time-range from ");
        refused.put("/audit?action=" + URLEncoder.encode("create cluster!", StandardCharsets.UTF_8),
                "400 invalid-filter action ");
        refused.put("/audit?resource=clusters", "400 invalid-filter resource ");
        refused.put("/audit?limit=0", "400 invalid-limit limit ");
        refused.put("/audit?limit=101", "400 invalid-limit limit ");
        refused.put("/audit?limit=ten", "400 malformed-request limit ");
        refused.put("/audit?cursor=not-a-cursor", "400 invalid-cursor cursor ");
        refused.put("/audit?action=login&action=refresh", "400 malformed-request action ");
        refused.put("/audit/export?format=xml", "400 invalid-format format ");
        refused.put("/admin/audit?user=ada", "400 invalid-filter user ");
        SoftAssertions softly = new SoftAssertions();
        refused.forEach((path, expected) -> {
            Reply reply = api.get(path, "Authorization", path.startsWith("/admin") ? boss : ada);
            JsonNode problem = reply.json();
            softly.assertThat(reply.contentType()).as(path).startsWith("application/problem+json");
            softly.assertThat(reply.status() + " " + problem.path("type").asText().replaceAll(".*/", "") + " "
                    + problem.path("detail").asText()).as(path).startsWith(expected);
        });
        softly.assertAll();
    }

    @Test
    void no_entry_holds_a_password_token_or_credential() throws Exception {
        DynamoDbClient dynamoDb = platform.context().getBean(DynamoDbClient.class);
        String table = platform.context().getBean(TableNames.class).nameOf(SkyportTables.AUDIT);
        // Every item as stored, read past the API (a test may Scan), and everything the exports give.
        StringBuilder everything = new StringBuilder();
        int items = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamoDb.scan(b -> b.tableName(table).exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                everything.append(item).append('\n');
                items++;
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        everything.append(api.get("/admin/audit/export?format=jsonl", "Authorization", boss).body());
        everything.append(api.get("/admin/audit/export?format=csv", "Authorization", boss).body());
        assertThat(items).as("the journey's entries").isGreaterThan(20);
        assertThat(secrets).hasSizeGreaterThan(15).allSatisfy(secret -> assertThat(secret).isNotBlank());
        for (String secret : secrets) {
            assertThat(everything.toString()).as("an entry holds a secret").doesNotContain(secret);
        }
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    /** Every entry {@code path} lists, following its cursors. */
    private List<JsonNode> all(String bearer, String path) {
        List<JsonNode> entries = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String limit = path.contains("limit=") ? "" : (path.contains("?") ? "&" : "?") + "limit=100";
            String next = cursor == null ? "" : (path.contains("?") || !limit.isEmpty() ? "&" : "?") + "cursor="
                    + cursor;
            Reply reply = api.get(path + limit + next, "Authorization", bearer);
            assertThat(reply.status()).as(path + ": " + reply.body()).isEqualTo(200);
            reply.json().path("entries").forEach(entries::add);
            cursor = textOrNull(reply.json().path("next_cursor"));
        } while (cursor != null && ++pages < 50);
        return entries;
    }

    private void awaitEntry(String bearer, String path, String detail) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (all(bearer, path).stream().anyMatch(e -> e.path("detail").asText().contains(detail))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no entry of " + path + " says " + detail);
    }

    /** A field's text; null when it is absent or null (an absent next_cursor: the last page). */
    private static String textOrNull(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static List<String> actions(List<JsonNode> entries) {
        return entries.stream().map(entry -> entry.path("action").asText()).toList();
    }

    private static List<String> ids(List<JsonNode> entries) {
        return entries.stream().map(entry -> entry.path("id").asText()).toList();
    }

    private static JsonNode first(List<JsonNode> entries, String action) {
        return entries.stream().filter(entry -> entry.path("action").asText().equals(action)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " entry in " + actions(entries)));
    }

    private static JsonNode first(List<JsonNode> entries, String action, String outcome) {
        return entries.stream().filter(entry -> entry.path("action").asText().equals(action)
                && entry.path("outcome").asText().equals(outcome)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + outcome + " " + action + " entry"));
    }
}
