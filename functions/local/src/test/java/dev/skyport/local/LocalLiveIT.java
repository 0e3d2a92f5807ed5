package dev.skyport.local;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.kernel.UserId;
import dev.skyport.local.events.LocalWebSocket;
import dev.skyport.notifications.application.Connections;
import dev.skyport.notifications.domain.Connection;
import dev.skyport.testing.ApiClient;
import dev.skyport.testing.MutableClock;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * Live status on the local platform, with a real WebSocket client: the clusters table's stream on DynamoDB Local,
 * polled into the stream publisher's handler, through the in-process topic to the realtime handler, and pushed to
 * {@code /ws}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalLiveIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private LocalPlatform platform;
    private ApiClient api;
    private String ada;
    private String bob;
    private String adasAccount;

    @BeforeAll
    void start() {
        platform = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(), Optional.empty(),
                Optional.empty(), Map.of(LocalSettings.STEP_DELAY, "100ms")));
        api = new ApiClient(platform::baseUrl);
        ada = TourSteps.signedIn(api, "ada@example.com", "ada");
        bob = TourSteps.signedIn(api, "bob@example.com", "bob");
        adasAccount = TourSteps.connectSimulated(api, ada, "aws", "Prod");
    }

    @AfterAll
    void stop() {
        platform.close();
    }

    private List<String> connectionsOf(String bearer) {
        String id = api.get("/me", "Authorization", bearer).json().path("id").asText();
        return platform.context().getBean(Connections.class).of(new UserId(id)).stream().map(Connection::id).toList();
    }

    @Test
    void a_new_cluster_is_watched_live_from_requested_to_running_with_its_log_lines_and_a_notification()
            throws Exception {
        try (LiveSocket adas = LiveSocket.connect(api, platform.baseUrl(), ada);
             LiveSocket bobs = LiveSocket.connect(api, platform.baseUrl(), bob)) {
            String id = TourSteps.createCluster(api, ada, adasAccount, "live", "{}").path("id").asText();

            List<JsonNode> messages = adas.until(message -> message.path("type").asText().equals("notification"),
                    WAIT);

            List<JsonNode> statuses = messages.stream().filter(m -> m.path("type").asText().equals("cluster.status"))
                    .toList();
            assertThat(statuses).extracting(m -> m.path("status").asText())
                    .containsExactly("REQUESTED", "PROVISIONING", "RUNNING");
            assertThat(statuses).extracting(m -> m.path("cluster_id").asText()).containsOnly(id);
            assertThat(statuses).extracting(m -> m.path("version").asLong()).containsExactly(1L, 2L, 3L);
            assertThat(statuses.getLast().path("previous").asText()).isEqualTo("PROVISIONING");

            List<JsonNode> lines = messages.stream().filter(m -> m.path("type").asText().equals("cluster.log"))
                    .toList();
            assertThat(lines).isNotEmpty();
            assertThat(lines).extracting(m -> m.path("seq").asLong())
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, lines.size()).boxed()
                            .toList());
            JsonNode logs = api.get("/clusters/" + id + "/runs/" + lines.getFirst().path("run_id").asText()
                    + "/logs", "Authorization", ada).json();
            assertThat(logs.path("lines").get(0).path("line").asText()).isEqualTo(lines.getFirst().path("line")
                    .asText());

            JsonNode notification = messages.getLast().path("notification");
            assertThat(notification.path("title").asText()).isEqualTo("Cluster live is running");
            assertThat(api.get("/notifications", "Authorization", ada).json().path("notifications")
                    .findValuesAsText("id")).contains(notification.path("id").asText());

            // Bob, connected all along, saw nothing of Ada's.
            assertThat(bobs.next(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void a_missing_reused_or_expired_ticket_is_refused() throws Exception {
        try (LiveSocket none = LiveSocket.open(platform.baseUrl(), null)) {
            assertThat(none.closeCode(WAIT)).isEqualTo(LocalWebSocket.TICKET_REFUSED);
        }
        String ticket = LiveSocket.ticket(api, ada);
        try (LiveSocket first = LiveSocket.open(platform.baseUrl(), ticket)) {
            // The ticket is redeemed once the socket is open; a pong says the first one has it.
            first.send("{\"type\":\"ping\"}");
            assertThat(first.next(WAIT).path("type").asText()).isEqualTo("pong");
            try (LiveSocket again = LiveSocket.open(platform.baseUrl(), ticket)) {
                assertThat(again.closeCode(WAIT)).isEqualTo(LocalWebSocket.TICKET_REFUSED);
            }
            assertThat(first.isClosed()).isFalse();
        }
        String late = LiveSocket.ticket(api, ada);
        // The platform runs on the tests' clock: a ticket is good for 60 seconds.
        platform.context().getBean(MutableClock.class).advance(Duration.ofSeconds(61));
        try (LiveSocket expired = LiveSocket.open(platform.baseUrl(), late)) {
            assertThat(expired.closeCode(WAIT)).isEqualTo(LocalWebSocket.TICKET_REFUSED);
        }
    }

    @Test
    void a_malformed_or_empty_ticket_is_refused_like_a_wrong_one_in_one_log_line_at_most() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        List<String> queries = List.of("ticket=%zz", "ticket=", "ticket=%", "ticket=ab%2", "ticket=%zz&ticket=x");
        try {
            for (String query : queries) {
                assertThat(LiveSocket.handshake(platform.baseUrl(), query)).as(query)
                        .isEqualTo(new LiveSocket.Refusal(101, LocalWebSocket.TICKET_REFUSED));
            }
            assertThat(LiveSocket.handshake(platform.baseUrl(), "ticket=wrong"))
                    .isEqualTo(new LiveSocket.Refusal(101, LocalWebSocket.TICKET_REFUSED));
        } finally {
            root.detachAppender(captured);
        }
        assertThat(captured.list).as("what the refusals logged").allSatisfy(event ->
                assertThat(event.getThrowableProxy()).as(event.getFormattedMessage()).isNull());
        assertThat(captured.list.size()).as("log lines for %s refusals: %s", queries.size() + 1, captured.list)
                .isLessThanOrEqualTo(queries.size() + 1);
    }

    @Test
    void a_silent_connection_is_kept_ten_minutes_as_api_gateway_keeps_it() {
        NettyHttpServerConfiguration server = platform.context().getBean(NettyHttpServerConfiguration.class);
        assertThat(List.of(server.getIdleTimeout(), server.getReadIdleTimeout(), server.getWriteIdleTimeout()))
                .containsOnly(Duration.ofMinutes(10));
    }

    @Test
    void a_connection_that_pings_outlives_the_idle_timeout_and_a_silent_one_is_closed() throws Exception {
        Duration idle = Duration.ofSeconds(2);
        Map<String, Object> shortIdle = new java.util.HashMap<>();
        LocalPlatform.IDLE_TIMEOUTS.forEach(name -> shortIdle.put(name, idle.toMillis() + "ms"));
        try (LocalPlatform quick = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(),
                Optional.empty(), Optional.empty(), shortIdle))) {
            ApiClient quickApi = new ApiClient(quick::baseUrl);
            String zoe = TourSteps.signedIn(quickApi, "zoe@example.com", "zoe");
            try (LiveSocket silent = LiveSocket.connect(quickApi, quick.baseUrl(), zoe);
                 LiveSocket pinging = LiveSocket.connect(quickApi, quick.baseUrl(), zoe)) {
                long until = System.nanoTime() + idle.multipliedBy(3).toNanos();
                while (System.nanoTime() < until) {
                    pinging.send("{\"type\":\"ping\"}");
                    assertThat(pinging.next(WAIT).path("type").asText()).isEqualTo("pong");
                    Thread.sleep(idle.dividedBy(4).toMillis());
                }
                assertThat(silent.closeCode(WAIT)).as("the silent one").isEqualTo(1001);
                assertThat(pinging.isClosed()).as("the one that pings").isFalse();
            }
        }
    }

    @Test
    void anything_but_a_ping_gets_a_polite_refusal_and_the_connection_stays() throws Exception {
        try (LiveSocket live = LiveSocket.connect(api, platform.baseUrl(), ada)) {
            live.send("{\"type\":\"subscribe\"}");
            JsonNode answer = live.next(WAIT);
            assertThat(answer.path("type").asText()).isEqualTo("error");
            assertThat(answer.path("code").asText()).isEqualTo("unsupported-message");
            live.send("{\"type\":\"ping\"}");
            assertThat(live.next(WAIT).path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void a_message_sent_the_moment_the_socket_opens_is_answered_every_time() throws Exception {
        // A browser sends as soon as the handshake is done. Each socket here does so at once, several at a time, so
        // a frame that arrives while the platform is still setting the connection up would go unanswered.
        List<LiveSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) {
                LiveSocket live = LiveSocket.connect(api, platform.baseUrl(), ada);
                sockets.add(live);
                live.send("{\"type\":\"ping\"}");
            }
            for (LiveSocket live : sockets) {
                JsonNode answer = live.next(WAIT);
                assertThat(answer).as("the answer to a ping sent right after the handshake").isNotNull();
                assertThat(answer.path("type").asText()).isEqualTo("pong");
            }
        } finally {
            sockets.forEach(LiveSocket::close);
        }
    }

    @Test
    void signing_out_closes_the_connections_that_session_opened_and_no_other() throws Exception {
        TourSteps.signedIn(api, "fay@example.com", "fay");
        JsonNode leaving = api.post("/auth/login", ApiClient.json("login", "fay", "password", TourSteps.PASSWORD))
                .json();
        String staying = "Bearer " + api.post("/auth/login", ApiClient.json("login", "fay", "password",
                TourSteps.PASSWORD)).json().path("access_token").asText();
        try (LiveSocket signedOut = LiveSocket.connect(api, platform.baseUrl(),
                "Bearer " + leaving.path("access_token").asText());
             LiveSocket other = LiveSocket.connect(api, platform.baseUrl(), staying)) {
            assertThat(api.post("/auth/logout", ApiClient.json("refresh_token",
                    leaving.path("refresh_token").asText())).status()).isEqualTo(204);

            // A browser signed out on a shared computer must not keep showing what happens to the account.
            assertThat(signedOut.closeCode(WAIT)).isEqualTo(LocalWebSocket.TICKET_REFUSED);
            other.send("{\"type\":\"ping\"}");
            assertThat(other.next(WAIT).path("type").asText()).as("another session's connection stays")
                    .isEqualTo("pong");
        }
    }

    @Test
    void a_ticket_of_a_session_that_signed_out_since_opens_nothing() throws Exception {
        TourSteps.signedIn(api, "ida@example.com", "ida");
        JsonNode login = api.post("/auth/login", ApiClient.json("login", "ida", "password", TourSteps.PASSWORD))
                .json();
        String ticket = LiveSocket.ticket(api, "Bearer " + login.path("access_token").asText());
        assertThat(api.post("/auth/logout", ApiClient.json("refresh_token", login.path("refresh_token").asText()))
                .status()).isEqualTo(204);

        // Within its 60 seconds, the ticket of a signed-out session is refused as a used one is.
        try (LiveSocket late = LiveSocket.open(platform.baseUrl(), ticket)) {
            assertThat(late.closeCode(WAIT)).isEqualTo(LocalWebSocket.TICKET_REFUSED);
        }
    }

    @Test
    void revoking_a_personal_access_token_closes_what_its_tickets_opened_and_refuses_their_unused_ones()
            throws Exception {
        String jo = TourSteps.signedIn(api, "joan@example.com", "joan");
        ApiClient.Reply made = api.post("/me/tokens", "{\"name\":\"watcher\",\"scopes\":[\"read\"],"
                + "\"expires_in_days\":7}", "Authorization", jo);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String token = "Bearer " + made.json().path("token").asText();
        String tokenId = made.json().path("id").asText();
        String unused = LiveSocket.ticket(api, token);
        try (LiveSocket script = LiveSocket.connect(api, platform.baseUrl(), token);
             LiveSocket browser = LiveSocket.connect(api, platform.baseUrl(), jo)) {
            script.send("{\"type\":\"ping\"}");
            assertThat(script.next(WAIT).path("type").asText()).isEqualTo("pong");

            assertThat(api.delete("/me/tokens/" + tokenId, null, "Authorization", jo).status()).isEqualTo(204);

            // A script whose token was revoked stops receiving at once; the person's own session does not.
            assertThat(script.closeCode(WAIT)).isEqualTo(LocalWebSocket.TICKET_REFUSED);
            browser.send("{\"type\":\"ping\"}");
            assertThat(browser.next(WAIT).path("type").asText()).as("the session's connection stays")
                    .isEqualTo("pong");
            // A ticket the token got before it was revoked opens nothing.
            try (LiveSocket late = LiveSocket.open(platform.baseUrl(), unused)) {
                assertThat(late.closeCode(WAIT)).isEqualTo(LocalWebSocket.TICKET_REFUSED);
            }
        }
    }

    @Test
    void a_reused_refresh_token_ends_its_session_and_the_connections_that_session_opened() throws Exception {
        TourSteps.signedIn(api, "gus@example.com", "gus");
        JsonNode login = api.post("/auth/login", ApiClient.json("login", "gus", "password", TourSteps.PASSWORD))
                .json();
        String stolen = login.path("refresh_token").asText();
        try (LiveSocket live = LiveSocket.connect(api, platform.baseUrl(),
                "Bearer " + login.path("access_token").asText())) {
            assertThat(api.post("/auth/refresh", ApiClient.json("refresh_token", stolen)).status()).isEqualTo(200);
            api.post("/auth/refresh", ApiClient.json("refresh_token", stolen)).isProblem(401, "refresh-token-reused");

            assertThat(live.closeCode(WAIT)).as("a session taken as stolen stops receiving at once")
                    .isEqualTo(LocalWebSocket.TICKET_REFUSED);
        }
    }

    @Test
    void changing_the_password_is_a_notification_seen_live_and_kept_and_closes_the_connections() throws Exception {
        String dan = TourSteps.signedIn(api, "dan@example.com", "dan");
        try (LiveSocket live = LiveSocket.connect(api, platform.baseUrl(), dan)) {
            ApiClient.Reply changed = api.post("/me/password", ApiClient.json("current_password", TourSteps.PASSWORD,
                    "new_password", "an entirely new passphrase"), "Authorization", dan);
            assertThat(changed.status()).as(changed.body()).isEqualTo(200);

            JsonNode message = live.next(WAIT);
            assertThat(message.path("type").asText()).isEqualTo("notification");
            assertThat(message.path("notification").path("kind").asText()).isEqualTo("account.password-changed");
            // Then the connection closes: the change ended the other sessions, and one of them may have opened it.
            assertThat(live.closeCode(WAIT)).isEqualTo(LocalWebSocket.TICKET_REFUSED);
            String bearer = "Bearer " + changed.json().path("access_token").asText();
            assertThat(api.get("/notifications/unread-count", "Authorization", bearer).json().path("unread")
                    .asLong()).isEqualTo(1);
            // This session lives on (the change re-issued its token): it gets a new ticket and sees live again.
            try (LiveSocket again = LiveSocket.connect(api, platform.baseUrl(), bearer)) {
                again.send("{\"type\":\"ping\"}");
                assertThat(again.next(WAIT).path("type").asText()).isEqualTo("pong");
            }
        }
    }

    @Test
    void a_password_reset_with_the_mailed_link_is_a_notification_and_shuts_every_session_out_of_live() throws Exception {
        String eve = TourSteps.signedIn(api, "eve@example.com", "eve");
        try (LiveSocket live = LiveSocket.connect(api, platform.baseUrl(), eve)) {
            assertThat(api.post("/auth/password/forgot", ApiClient.json("email", "eve@example.com")).status())
                    .isEqualTo(202);
            String link = null;
            for (JsonNode mail : api.get("/local/outbox").json()) {
                if (mail.path("to").asText().equals("eve@example.com")
                        && mail.path("links").get(0).asText().contains("/auth/password/reset")) {
                    link = mail.path("links").get(0).asText();
                }
            }
            assertThat(link).as("the reset mail").isNotNull();
            assertThat(api.post("/auth/password/reset", ApiClient.json("token",
                    link.substring(link.indexOf("token=") + "token=".length()), "new_password",
                    "a reset passphrase for eve")).status()).isEqualTo(204);

            JsonNode message = live.next(WAIT);
            assertThat(message.path("notification").path("kind").asText()).isEqualTo("account.password-reset");
            // A reset ends every session, so whoever held one no longer sees anything live, and cannot come back.
            assertThat(live.closeCode(WAIT)).isEqualTo(LocalWebSocket.TICKET_REFUSED);
            assertThat(api.post("/auth/ws-ticket", null, "Authorization", eve).status()).isEqualTo(401);
        }
    }

    @Test
    void a_closed_or_dropped_connection_is_forgotten() throws Exception {
        String carol = TourSteps.signedIn(api, "carol@example.com", "carol");
        LiveSocket closing = LiveSocket.connect(api, platform.baseUrl(), carol);
        LiveSocket dropping = LiveSocket.connect(api, platform.baseUrl(), carol);
        // The handshake's answer can reach the client before $connect has kept the connection; a pong comes after it.
        for (LiveSocket live : List.of(closing, dropping)) {
            live.send("{\"type\":\"ping\"}");
            assertThat(live.next(WAIT).path("type").asText()).isEqualTo("pong");
        }
        assertThat(connectionsOf(carol)).hasSize(2);

        closing.close();
        dropping.abort();

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!connectionsOf(carol).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(connectionsOf(carol)).isEmpty();
    }
}
