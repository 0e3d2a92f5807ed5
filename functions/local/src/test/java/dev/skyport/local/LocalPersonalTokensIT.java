package dev.skyport.local;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.kernel.PersonalTokenText;
import dev.skyport.testing.ApiClient;
import dev.skyport.testing.ApiClient.Reply;
import dev.skyport.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * Personal access tokens on the local platform (issue 29), as a script uses them: made with a session, sent as
 * {@code Authorization: Bearer skp_...} to every function's routes and for the WebSocket ticket, refused outside
 * their scopes (naming the scope), after their revocation, their expiry (the clock moved), their person's deletion,
 * and, for {@code admin} tokens, their person's demotion; a mistyped one refused for its checksum; their last use
 * recorded; audited as the token of its person; their text in no log line. Every test signs in its own people, so
 * that the one that moves the clock leaves the others' sessions alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalPersonalTokensIT {

    private static final String BOSS = "boss@example.com";
    private static final String DEPUTY = "deputy@example.com";

    private LocalPlatform platform;
    private ApiClient api;
    private MutableClock clock;
    private int people;

    @BeforeAll
    void start() {
        platform = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(), Optional.empty(),
                Optional.empty(), Map.of("skyport.admin-emails", BOSS + "," + DEPUTY)));
        api = new ApiClient(platform::baseUrl);
        clock = platform.context().getBean(MutableClock.class);
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void a_token_is_shown_once_and_works_as_bearer_on_every_function_within_its_scopes() {
        String ada = person();
        JsonNode created = create(ada, "ci deploys", List.of("read", "clusters:write"), 30).json();
        String token = created.path("token").asText();
        assertThat(token).matches(PersonalTokenText.PATTERN.pattern()).startsWith("skp_");
        assertThat(created.path("scopes").toString()).isEqualTo("[\"clusters:write\",\"read\"]");
        assertThat(Instant.parse(created.path("expires_at").asText())).isEqualTo(
                Instant.parse(created.path("created_at").asText()).plus(Duration.ofDays(30)));
        String bearer = "Bearer " + token;

        // Reads of every HTTP function
        for (String read : List.of("/me", "/clusters", "/cloud-accounts", "/notifications", "/audit",
                "/auth/session")) {
            Reply reply = api.get(read, "Authorization", bearer);
            assertThat(reply.status()).as(read + ": " + reply.body()).isEqualTo(200);
        }
        assertThat(api.get("/auth/session", "Authorization", bearer).json().path("username").asText())
                .isEqualTo(usernameOf(ada));

        // A write within its scopes reaches the controller (here its own validation), one outside is refused
        Reply reached = api.post("/clusters", "{}", "Authorization", bearer);
        assertThat(reached.status()).as("the clusters function's own validation: " + reached.body()).isEqualTo(400);
        Reply refused = api.post("/cloud-accounts", "{}", "Authorization", bearer).isProblem(403,
                "insufficient-scope");
        assertThat(refused.json().path("detail").asText()).contains("cloud-accounts:write");
        assertThat(api.post("/notifications/read-all", "", "Authorization", bearer)
                .isProblem(403, "insufficient-scope").json().path("detail").asText())
                .contains("notifications:write");
        // Not an administrator at all: the route's own role check answers first (an administrator's token without
        // the scope is refused naming it, in the demotion test).
        api.get("/admin/users", "Authorization", bearer).isProblem(403, "forbidden");

        // Session only: its own management, the password, the username, the account's deletion
        api.get("/me/tokens", "Authorization", bearer).isProblem(403, "session-required");
        api.post("/me/tokens", "{\"name\":\"more\",\"scopes\":[\"read\"],\"expires_in_days\":1}",
                "Authorization", bearer).isProblem(403, "session-required");
        api.post("/me/password", ApiClient.json("current_password", TourSteps.PASSWORD, "new_password",
                "x".repeat(20)), "Authorization", bearer).isProblem(403, "session-required");
        api.patch("/me/username", ApiClient.json("username", "hijacked"), "Authorization", bearer)
                .isProblem(403, "session-required");
        api.delete("/me", ApiClient.json("password", TourSteps.PASSWORD), "Authorization", bearer)
                .isProblem(403, "session-required");
        assertThat(api.get("/me", "Authorization", ada).json().path("username").asText()).isEqualTo(usernameOf(ada));

        // Listed without its text
        Reply listed = api.get("/me/tokens", "Authorization", ada);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(token);
        JsonNode entry = listed.json().path("tokens").get(0);
        assertThat(entry.path("id").asText()).isEqualTo(created.path("id").asText());
        assertThat(entry.path("name").asText()).isEqualTo("ci deploys");
        assertThat(entry.path("created_at").asText()).isEqualTo(created.path("created_at").asText());
    }

    @Test
    void bad_requests_are_refused_naming_the_field_and_make_no_token() {
        String ada = person();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"scopes\":[\"read\"],\"expires_in_days\":30}", "400 invalid-token-name name ");
        refused.put("{\"name\":\"  \",\"scopes\":[\"read\"],\"expires_in_days\":30}", "400 invalid-token-name name ");
        refused.put("{\"name\":\"" + "n".repeat(65) + "\",\"scopes\":[\"read\"],\"expires_in_days\":30}",
                "400 invalid-token-name name ");
        refused.put("{\"name\":\"<script>\",\"scopes\":[\"read\"],\"expires_in_days\":30}",
                "400 invalid-token-name name ");
        refused.put("{\"name\":\"ok\",\"expires_in_days\":30}", "400 invalid-scope scopes ");
        refused.put("{\"name\":\"ok\",\"scopes\":[],\"expires_in_days\":30}", "400 invalid-scope scopes ");
        refused.put("{\"name\":\"ok\",\"scopes\":[\"write\"],\"expires_in_days\":30}", "400 invalid-scope scopes ");
        refused.put("{\"name\":\"ok\",\"scopes\":[\"read\",\"admin\"],\"expires_in_days\":30}",
                "400 invalid-scope scopes may hold admin only");
        refused.put("{\"name\":\"ok\",\"scopes\":[\"read\"]}", "400 invalid-expiry expires_in_days ");
        refused.put("{\"name\":\"ok\",\"scopes\":[\"read\"],\"expires_in_days\":0}",
                "400 invalid-expiry expires_in_days ");
        refused.put("{\"name\":\"ok\",\"scopes\":[\"read\"],\"expires_in_days\":366}",
                "400 invalid-expiry expires_in_days ");
        refused.put("{\"name\":\"ok\",\"scopes\":\"read\",\"expires_in_days\":30}", "400 malformed-request ");
        refused.put("{\"name\":\"ok\",\"scopes\":[\"read\"],\"expires_in_days\":\"ten\"}", "400 malformed-request ");
        SoftAssertions softly = new SoftAssertions();
        refused.forEach((body, expected) -> {
            Reply reply = api.post("/me/tokens", body, "Authorization", ada);
            softly.assertThat(reply.contentType()).as(body).startsWith("application/problem+json");
            softly.assertThat(reply.status() + " " + reply.json().path("type").asText().replaceAll(".*/", "") + " "
                    + reply.json().path("detail").asText()).as(body).startsWith(expected);
        });
        softly.assertAll();
        assertThat(api.get("/me/tokens", "Authorization", ada).json().path("tokens")).isEmpty();
        assertThat(create(ada, "a year", List.of("read"), 365).status()).isEqualTo(201);
    }

    @Test
    void a_revoked_token_is_refused_and_another_person_cannot_revoke_or_see_it() {
        String ada = person();
        String bob = person();
        JsonNode created = create(ada, "laptop", List.of("read"), 7).json();
        String bearer = "Bearer " + created.path("token").asText();
        String id = created.path("id").asText();

        api.delete("/me/tokens/" + id, null, "Authorization", bob).isProblem(404, "not-found");
        api.delete("/me/tokens/" + UUID.randomUUID(), null, "Authorization", ada).isProblem(404, "not-found");
        api.delete("/me/tokens/not-an-id", null, "Authorization", ada).isProblem(404, "not-found");
        assertThat(api.get("/me/tokens", "Authorization", bob).json().path("tokens")).isEmpty();
        assertThat(api.get("/clusters", "Authorization", bearer).status()).isEqualTo(200);

        assertThat(api.delete("/me/tokens/" + id, null, "Authorization", ada).status()).isEqualTo(204);
        api.get("/clusters", "Authorization", bearer).isProblem(401, "token-refused");
        api.post("/auth/ws-ticket", "", "Authorization", bearer).isProblem(401, "token-refused");
        assertThat(api.get("/me/tokens", "Authorization", ada).json().path("tokens")).isEmpty();
        api.delete("/me/tokens/" + id, null, "Authorization", ada).isProblem(404, "not-found");
    }

    @Test
    void a_mistyped_token_is_refused_for_its_checksum_and_an_unknown_one_as_refused() {
        String ada = person();
        String token = create(ada, "typo", List.of("read"), 7).json().path("token").asText();
        int at = 10;
        char typo = token.charAt(at) == 'a' ? 'b' : 'a';
        String mistyped = token.substring(0, at) + typo + token.substring(at + 1);
        api.get("/clusters", "Authorization", "Bearer " + mistyped).isProblem(401, "token-malformed");
        api.get("/clusters", "Authorization", "Bearer " + token.substring(0, token.length() - 1))
                .isProblem(401, "token-malformed");
        api.get("/clusters", "Authorization", "Bearer " + PersonalTokenText.generate())
                .isProblem(401, "token-refused");
        assertThat(api.get("/clusters", "Authorization", "Bearer " + token).status()).isEqualTo(200);
    }

    @Test
    void a_token_ends_with_its_person_but_not_with_a_password_change() {
        String ada = person();
        String bearer = "Bearer " + create(ada, "backup job", List.of("read"), 30).json().path("token").asText();
        String newPassword = "a brand new horse battery staple";
        Reply changed = api.post("/me/password", ApiClient.json("current_password", TourSteps.PASSWORD,
                "new_password", newPassword), "Authorization", ada);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(api.get("/me", "Authorization", bearer).status()).as("after a password change").isEqualTo(200);

        String fresh = "Bearer " + changed.json().path("access_token").asText();
        assertThat(api.delete("/me", ApiClient.json("password", newPassword), "Authorization", fresh).status())
                .isEqualTo(204);
        api.get("/me", "Authorization", bearer).isProblem(401, "token-refused");
    }

    @Test
    void an_admin_token_stops_when_its_person_is_demoted_and_their_other_tokens_go_on() {
        String boss = signedIn(BOSS, "the-boss");
        String deputy = signedIn(DEPUTY, "the-deputy");
        String deputyId = api.get("/me", "Authorization", deputy).json().path("id").asText();
        String admin = "Bearer " + create(deputy, "admin script", List.of("read", "admin"), 30).json()
                .path("token").asText();
        String reader = "Bearer " + create(deputy, "reader", List.of("read"), 30).json().path("token").asText();
        assertThat(api.get("/admin/users", "Authorization", admin).status()).isEqualTo(200);
        assertThat(api.get("/admin/users", "Authorization", reader).isProblem(403, "insufficient-scope").json()
                .path("detail").asText()).contains("the scope admin");

        Reply demoted = api.put("/admin/users/" + deputyId + "/roles", "{\"roles\":[\"USER\"]}",
                "Authorization", boss);
        assertThat(demoted.status()).as(demoted.body()).isEqualTo(200);
        api.get("/admin/users", "Authorization", admin).isProblem(401, "token-refused");
        api.get("/clusters", "Authorization", admin).isProblem(401, "token-refused");
        assertThat(api.get("/clusters", "Authorization", reader).status()).isEqualTo(200);

        String person = person();
        api.post("/me/tokens", "{\"name\":\"x\",\"scopes\":[\"admin\"],\"expires_in_days\":1}", "Authorization",
                person).isProblem(400, "invalid-scope");
    }

    @Test
    void a_token_gets_a_websocket_ticket_and_the_socket_answers() throws Exception {
        String ada = person();
        String bearer = "Bearer " + create(ada, "watcher", List.of("read"), 1).json().path("token").asText();
        String ticket = LiveSocket.ticket(api, bearer);
        try (LiveSocket live = LiveSocket.open(platform.baseUrl(), ticket)) {
            live.send("{\"type\":\"ping\"}");
            assertThat(live.until(message -> message.path("type").asText().equals("pong"), Duration.ofSeconds(10)))
                    .isNotEmpty();
        }
        String writer = "Bearer " + create(ada, "writer", List.of("clusters:write"), 1).json().path("token")
                .asText();
        api.post("/auth/ws-ticket", "", "Authorization", writer).isProblem(403, "insufficient-scope");
    }

    @Test
    void the_last_use_is_recorded_with_its_address_at_most_once_a_minute() {
        String ada = person();
        JsonNode created = create(ada, "cron", List.of("read"), 7).json();
        String bearer = "Bearer " + created.path("token").asText();
        assertThat(lastUse(ada)).isEqualTo("never");

        assertThat(api.from("127.0.0.7").get("/clusters", "Authorization", bearer).status()).isEqualTo(200);
        String first = millis(clock.instant()) + " from 127.0.0.7";
        assertThat(lastUse(ada)).isEqualTo(first);
        clock.advance(Duration.ofSeconds(30));
        assertThat(api.from("127.0.0.8").get("/clusters", "Authorization", bearer).status()).isEqualTo(200);
        assertThat(lastUse(ada)).as("within a minute of the last record").isEqualTo(first);
        clock.advance(Duration.ofSeconds(31));
        assertThat(api.from("127.0.0.8").get("/clusters", "Authorization", bearer).status()).isEqualTo(200);
        assertThat(lastUse(ada)).isEqualTo(millis(clock.instant()) + " from 127.0.0.8");
    }

    @Test
    void a_write_with_a_token_is_audited_as_that_token_of_its_person() throws Exception {
        String ada = person();
        String adaId = api.get("/me", "Authorization", ada).json().path("id").asText();
        JsonNode created = create(ada, "notifier bot", List.of("notifications:write"), 7).json();
        Reply done = api.post("/notifications/read-all", "", "Authorization", "Bearer " + created.path("token")
                .asText());
        assertThat(done.status()).as(done.body()).isBetween(200, 204);
        JsonNode entry = null;
        for (JsonNode candidate : api.get("/audit?limit=100", "Authorization", ada).json().path("entries")) {
            if (candidate.path("actor_kind").asText().equals("token")) {
                entry = candidate;
                break;
            }
        }
        assertThat(entry).as("an entry made by the token").isNotNull();
        assertThat(entry.path("actor_id").asText()).isEqualTo(created.path("id").asText());
        assertThat(entry.path("actor_for").asText()).isEqualTo(adaId);
        assertThat(entry.path("owner").asText()).isEqualTo(adaId);
        assertThat(entry.path("detail").asText()).isEqualTo("token notifier bot");
        assertThat(entry.path("resource").asText()).isEqualTo("/notifications/read-all");
        assertThat(entry.toString()).doesNotContain(created.path("token").asText());
    }

    @Test
    void a_token_expires_at_its_end() {
        String ada = person();
        String bearer = "Bearer " + create(ada, "one day", List.of("read"), 1).json().path("token").asText();
        assertThat(api.get("/clusters", "Authorization", bearer).status()).isEqualTo(200);
        clock.advance(Duration.ofDays(1).minusSeconds(1));
        assertThat(api.get("/clusters", "Authorization", bearer).status()).as("a second before its end")
                .isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        api.get("/clusters", "Authorization", bearer).isProblem(401, "token-refused");
    }

    /** Every token of a journey through every refusal, and no log line holds any of their texts. */
    @Test
    void no_log_line_holds_a_token() {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        Logger skyport = (Logger) LoggerFactory.getLogger("dev.skyport");
        Level rootLevel = root.getLevel();
        Level skyportLevel = skyport.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.INFO);
        skyport.setLevel(Level.DEBUG);
        List<String> secrets = new ArrayList<>();
        try {
            String ada = person();
            for (List<String> scopes : List.of(List.of("read"), List.of("clusters:write"))) {
                String token = create(ada, "logged " + scopes.getFirst().replace(':', '-'), scopes, 2).json()
                        .path("token").asText();
                secrets.add(token);
                String bearer = "Bearer " + token;
                api.get("/clusters", "Authorization", bearer);
                api.post("/clusters", "{}", "Authorization", bearer);
                api.get("/me/tokens", "Authorization", bearer);
                api.post("/auth/ws-ticket", "", "Authorization", bearer);
                api.get("/clusters", "Authorization", bearer.substring(0, bearer.length() - 2) + "zz");
            }
            String id = api.get("/me/tokens", "Authorization", ada).json().path("tokens").get(0).path("id").asText();
            api.delete("/me/tokens/" + id, null, "Authorization", ada);
            secrets.forEach(token -> api.get("/me", "Authorization", "Bearer " + token));
        } finally {
            root.detachAppender(captured);
            root.setLevel(rootLevel);
            skyport.setLevel(skyportLevel);
        }
        assertThat(captured.list).as("log events captured while the tokens were used").isNotEmpty();
        for (ILoggingEvent event : captured.list) {
            String everything = String.join("\n", event.getMessage(), event.getFormattedMessage(),
                    String.valueOf(event.getMDCPropertyMap()), Arrays.deepToString(event.getArgumentArray()),
                    event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertThat(everything).as("a %s line of %s", event.getLevel(), event.getLoggerName())
                    .doesNotContain("skp_");
            for (String secret : secrets) {
                assertThat(everything).doesNotContain(secret.substring("skp_".length()));
            }
        }
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    private String person() {
        int n = ++people;
        return signedIn("person" + n + "@example.com", "person-" + n);
    }

    private final Map<String, String> usernames = new LinkedHashMap<>();

    private String signedIn(String email, String username) {
        String bearer = TourSteps.signedIn(api, email, username);
        usernames.put(bearer, username);
        return bearer;
    }

    private String usernameOf(String bearer) {
        return usernames.get(bearer);
    }

    private Reply create(String bearer, String name, List<String> scopes, int days) {
        Reply reply = api.post("/me/tokens", ApiClient.json("name", name, "scopes", scopes, "expires_in_days", days),
                "Authorization", bearer);
        if (reply.status() == 201) {
            assertThat(reply.json().path("token").asText()).startsWith("skp_");
        }
        return reply;
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    /** "at from address" of the person's only token, or "never". */
    private String lastUse(String bearer) {
        JsonNode token = api.get("/me/tokens", "Authorization", bearer).json().path("tokens").get(0);
        if (!token.hasNonNull("last_used_at")) {
            return "never";
        }
        return millis(Instant.parse(token.path("last_used_at").asText())) + " from "
                + token.path("last_used_from").asText();
    }
}
