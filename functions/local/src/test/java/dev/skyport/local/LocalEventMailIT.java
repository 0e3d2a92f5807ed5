package dev.skyport.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.EventPublisher;
import dev.skyport.kernel.PlatformEvent;
import dev.skyport.kernel.UserId;
import dev.skyport.notifications.adapter.inprocess.InProcessDeliveryQueue;
import dev.skyport.testing.ApiClient;
import dev.skyport.testing.ApiClient.Reply;
import dev.skyport.testing.MutableClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * E-mail for events on the local platform (issue 28), read in its outbox as a person would: a failed run is mailed
 * once with its reason and a link to the cluster's console page, even when the event arrives twice; a kind turned
 * off sends nothing; every kind is on for a new account; a channel turned off after a day of failures is mailed to
 * its owner; bad preferences are problems naming the field; and the limit of 20 channels holds when creates race.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalEventMailIT {

    private LocalPlatform platform;
    private ApiClient api;
    private MutableClock clock;
    private HttpServer receiver;

    @BeforeAll
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().startsWith("/down") ? 500 : 204, -1);
            exchange.close();
        });
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.start();
        platform = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(), Optional.empty(),
                Optional.empty(), Map.of()));
        api = new ApiClient(platform::baseUrl);
        clock = platform.context().getBean(MutableClock.class);
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void a_failed_run_is_mailed_once_though_its_event_arrives_twice_and_not_once_the_kind_is_off() {
        String ada = TourSteps.signedIn(api, "ada@example.com", "ada");
        UserId adaId = new UserId(api.get("/me", "Authorization", ada).json().path("id").asText());
        DomainEvent failed = DomainEvent.of(new PlatformEvent.ClusterStatusChanged(adaId, "c-web", "web", "FAILED",
                Optional.of("PROVISIONING"), Optional.of("TerraformApplyFailed: quota exceeded"),
                Optional.of("run-7"), 4), clock.instant());

        topic().publish(failed);
        topic().publish(failed);

        List<JsonNode> mails = mailsTo("ada@example.com", "Skyport: cluster web is FAILED");
        assertThat(mails).hasSize(1);
        assertThat(mails.getFirst().path("text").asText()).contains("Hello ada,")
                .contains("TerraformApplyFailed: quota exceeded").contains("run-7");
        assertThat(texts(mails.getFirst().path("links"))).anySatisfy(link ->
                assertThat(link).startsWith("http").endsWith("/console/clusters/c-web"));

        Reply off = api.put("/me/notifications/email", "{\"kinds\":{\"cluster.run-failed\":false}}",
                "Authorization", ada);
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        assertThat(off.json().at("/kinds/cluster.run-failed").asBoolean()).isFalse();
        topic().publish(DomainEvent.of(new PlatformEvent.ClusterStatusChanged(adaId, "c-web", "web", "FAILED",
                Optional.of("UPDATING"), Optional.of("again"), Optional.of("run-8"), 6), clock.instant()));
        topic().publish(DomainEvent.of(new PlatformEvent.ClusterExpiring(adaId, "c-web", "web",
                "2026-12-08T00:00:00Z", "within-a-day"), clock.instant()));

        assertThat(mailsTo("ada@example.com", "Skyport: cluster web is FAILED")).as("run-failed is off").hasSize(1);
        assertThat(mailsTo("ada@example.com", "Skyport: cluster web expires within a day"))
                .as("the other kinds stay on").hasSize(1);
    }

    @Test
    void every_kind_is_on_for_a_new_account_and_a_running_cluster_is_not_mailed() {
        String grace = TourSteps.signedIn(api, "grace@example.com", "grace");
        UserId graceId = new UserId(api.get("/me", "Authorization", grace).json().path("id").asText());

        Reply preferences = api.get("/me/notifications/email", "Authorization", grace);
        assertThat(preferences.status()).as(preferences.body()).isEqualTo(200);
        Map<String, Boolean> kinds = new java.util.LinkedHashMap<>();
        preferences.json().path("kinds").properties().forEach(kind -> kinds.put(kind.getKey(),
                kind.getValue().asBoolean()));
        assertThat(kinds).containsExactly(Map.entry("cluster.run-failed", true), Map.entry("cluster.expiring", true),
                Map.entry("cloud-account.verification-failed", true), Map.entry("account.security", true),
                Map.entry("channel.disabled", true));

        topic().publish(DomainEvent.of(new PlatformEvent.ClusterStatusChanged(graceId, "c-ok", "ok", "RUNNING",
                Optional.of("PROVISIONING"), Optional.empty(), Optional.of("run-1"), 3), clock.instant()));
        topic().publish(DomainEvent.of(new PlatformEvent.CloudAccountVerificationFailed(graceId, "ca-1", "prod",
                "aws", "credentials-rejected"), clock.instant()));

        assertThat(mailsTo("grace@example.com", "Skyport: cluster ok")).isEmpty();
        assertThat(mailsTo("grace@example.com", "Skyport: cloud account prod failed its check")).singleElement()
                .satisfies(mail -> assertThat(mail.path("text").asText()).contains("credentials-rejected")
                        .contains("/console/cloud-accounts/ca-1"));
    }

    @Test
    void bad_preferences_are_problems_naming_the_field_and_change_nothing() {
        String linus = TourSteps.signedIn(api, "linus@example.com", "linus");
        api.put("/me/notifications/email", "{\"kinds\":{\"cluster.expiring\":false}}", "Authorization", linus);

        assertField(api.put("/me/notifications/email", "{\"kinds\":{\"cluster.nope\":false}}", "Authorization",
                linus), "invalid-email-preferences", "kinds.cluster.nope");
        // security mails are always sent: a stolen session or token cannot silence them
        assertField(api.put("/me/notifications/email", "{\"kinds\":{\"account.security\":false}}",
                "Authorization", linus), "invalid-email-preferences", "kinds.account.security");
        assertField(api.put("/me/notifications/email", "{\"kinds\":{\"cluster.run-failed\":\"no\"}}",
                "Authorization", linus), "malformed-request", "kinds");
        assertField(api.put("/me/notifications/email", "{\"kinds\":{\"cluster.run-failed\":null}}",
                "Authorization", linus), "invalid-email-preferences", "kinds.cluster.run-failed");
        assertField(api.put("/me/notifications/email", "{}", "Authorization", linus), "invalid-email-preferences",
                "kinds");
        assertThat(api.put("/me/notifications/email", "{\"kinds\":{}}").status()).as("no token").isEqualTo(401);

        JsonNode after = api.get("/me/notifications/email", "Authorization", linus).json();
        assertThat(after.at("/kinds/cluster.expiring").asBoolean()).isFalse();
        assertThat(after.at("/kinds/cluster.run-failed").asBoolean()).isTrue();
    }

    @Test
    void a_channel_turned_off_after_a_day_of_failures_is_mailed_to_its_owner_once() throws Exception {
        String bob = TourSteps.signedIn(api, "bob@example.com", "bob");
        UserId bobId = new UserId(api.get("/me", "Authorization", bob).json().path("id").asText());
        Reply created = api.post("/channels/endpoints", ApiClient.json("url", receiverUrl("/down"), "event_kinds",
                List.of("cluster.status.deleted")), "Authorization", bob);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("channel").path("id").asText();

        topic().publish(DomainEvent.of(new PlatformEvent.ClusterStatusChanged(bobId, "c-gone", "gone", "DELETED",
                Optional.of("DELETING"), Optional.empty(), Optional.empty(), 9), clock.instant()));
        awaitIdle();
        for (int hour = 1; hour <= 24; hour++) {
            clock.advance(Duration.ofHours(1));
            awaitIdle();
        }

        assertThat(api.get("/channels/endpoints/" + id, "Authorization", login("bob")).json()
                .path("enabled").asBoolean()).isFalse();
        assertThat(mailsTo("bob@example.com", "Skyport: your webhook channel was turned off")).singleElement()
                .satisfies(mail -> assertThat(mail.path("text").asText()).contains(id).contains("Hello bob,"));
    }

    @Test
    void of_creates_racing_at_nineteen_channels_exactly_one_passes() throws Exception {
        String carol = TourSteps.signedIn(api, "carol@example.com", "carol");
        for (int i = 0; i < 19; i++) {
            assertThat(createChannel(carol, i).status()).isEqualTo(201);
        }
        int racers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            int n = 100 + i;
            Callable<Reply> create = () -> {
                go.await();
                return createChannel(carol, n);
            };
            replies.add(pool.submit(create));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Reply> reply : replies) {
            statuses.add(reply.get().status());
        }
        pool.shutdown();

        assertThat(statuses).as(statuses.toString()).containsOnlyOnce(201).containsOnly(201, 409);
        assertThat(api.get("/channels/endpoints", "Authorization", carol).json().path("channels")).hasSize(20);
        // a delete frees one place, for one create
        String first = api.get("/channels/endpoints", "Authorization", carol).json().path("channels").get(0)
                .path("id").asText();
        assertThat(api.delete("/channels/endpoints/" + first, "", "Authorization", carol).status()).isEqualTo(204);
        assertThat(createChannel(carol, 200).status()).isEqualTo(201);
        createChannel(carol, 201).isProblem(409, "too-many-channels");
    }

    private String login(String user) {
        Reply reply = api.post("/auth/login", ApiClient.json("login", user, "password", TourSteps.PASSWORD));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return "Bearer " + reply.json().path("access_token").asText();
    }

    private Reply createChannel(String bearer, int n) {
        return api.post("/channels/endpoints", ApiClient.json("url", receiverUrl("/ok/" + n), "event_kinds",
                List.of("cluster.run-failed")), "Authorization", bearer);
    }

    private EventPublisher topic() {
        return platform.context().getBean(EventPublisher.class);
    }

    private void awaitIdle() {
        assertThat(platform.context().getBean(InProcessDeliveryQueue.class).awaitIdle(Duration.ofSeconds(30)))
                .as("the delivery queue went idle").isTrue();
    }

    private String receiverUrl(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    /** The outbox's mails to {@code to} whose subject starts with {@code subject}. */
    private List<JsonNode> mailsTo(String to, String subject) {
        List<JsonNode> found = new ArrayList<>();
        api.get("/local/outbox").json().forEach(mail -> {
            if (mail.path("to").asText().contains(to) && mail.path("subject").asText().startsWith(subject)) {
                found.add(mail);
            }
        });
        return found;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static void assertField(Reply reply, String slug, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().path("type").asText()).endsWith("/" + slug);
        assertThat(reply.json().path("detail").asText()).contains(field);
    }
}
