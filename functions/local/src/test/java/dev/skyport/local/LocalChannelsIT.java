package dev.skyport.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.skyport.kernel.DomainEvent;
import dev.skyport.kernel.EventPublisher;
import dev.skyport.kernel.PlatformEvent;
import dev.skyport.kernel.UserId;
import dev.skyport.kernel.SecretStore;
import dev.skyport.notifications.adapter.dynamodb.DynamoDbChannels;
import dev.skyport.notifications.adapter.inprocess.InProcessDeliveryQueue;
import dev.skyport.notifications.config.ChannelSettings;
import dev.skyport.testing.ApiClient;
import dev.skyport.testing.ApiClient.Reply;
import dev.skyport.testing.MutableClock;
import dev.skyport.testing.NodeTools;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Outbound channels on the local platform (issue 28) with a real HTTP receiver on this machine: the deliveries it gets
 * are verified by the Standard Webhooks specification's own library (npm {@code standardwebhooks}), retries after 500s
 * and a timeout happen when the platform's clock reaches them (the test moves the clock instead of waiting), a channel
 * failing for a day is turned off and its owner told, the history keeps the last 100 attempts, filters by kind and
 * cluster hold, a redelivery and a test event keep the spec's {@code webhook-id}, Slack gets its own format, bad input
 * is a problem naming the field, and another person's channel is not found.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalChannelsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final NodeTools WEBHOOKS = new NodeTools(Path.of("src/test/webhooks"),
            Path.of("target/webhook-checks"));

    private LocalPlatform platform;
    private ApiClient api;
    private MutableClock clock;
    private InProcessDeliveryQueue queue;
    private HttpServer receiver;
    private String adaId;
    private String bobId;

    /** What the receiver got: path, the three Standard Webhooks headers, the body, and the platform's time then. */
    record Received(String path, String id, String timestamp, String signature, String body, Instant at) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @BeforeAll
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int call = calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            received.add(new Received(path, exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, clock.instant()));
            int status;
            if (path.startsWith("/down")) {
                status = 500;
            } else if (path.startsWith("/flaky")) {
                status = call <= 2 ? 500 : 200;
            } else if (path.startsWith("/slow")) {
                if (call == 1) {
                    try {
                        Thread.sleep(2_000); // past the platform's read timeout (500 ms here)
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                status = 204;
            } else {
                status = 204;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        receiver.start();
        platform = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(), Optional.empty(),
                Optional.empty(), Map.of(ChannelSettings.READ_TIMEOUT, "500ms")));
        api = new ApiClient(platform::baseUrl);
        clock = platform.context().getBean(MutableClock.class);
        queue = platform.context().getBean(InProcessDeliveryQueue.class);
        String ada = TourSteps.signedIn(api, "ada@example.com", "ada");
        adaId = api.get("/me", "Authorization", ada).json().path("id").asText();
        String bob = TourSteps.signedIn(api, "bob@example.com", "bob");
        bobId = api.get("/me", "Authorization", bob).json().path("id").asText();
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

    // --- the tests --------------------------------------------------------------------------------------------------

    @Test
    void deliveries_are_signed_so_that_the_standard_webhooks_library_verifies_them() throws Exception {
        String ada = login("ada");
        JsonNode created = create(ada, "webhook", "/signed", List.of("cluster.status.running"), null);
        String secret = created.path("secret").asText();
        assertThat(secret).startsWith("whsec_");
        String id = created.path("channel").path("id").asText();

        DomainEvent running = DomainEvent.of(new PlatformEvent.ClusterStatusChanged(new UserId(adaId), "c-signed",
                "web", "RUNNING", Optional.of("PROVISIONING"), Optional.empty(), Optional.of("run-1"), 3),
                clock.instant());
        EventPublisher topic = platform.context().getBean(EventPublisher.class);
        topic.publish(running);
        Received delivery = awaitCalls("/signed", 1).getFirst();

        assertThat(verify(secret, List.of(delivery))).containsExactly("ok");
        assertThat(verify("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]), List.of(delivery)))
                .as("another secret does not verify").doesNotContain("ok");
        JsonNode body = JSON.readTree(delivery.body());
        assertThat(body.path("type").asText()).isEqualTo("cluster.status.running");
        assertThat(body.path("data").path("cluster_id").asText()).isEqualTo("c-signed");
        assertThat(body.path("data").path("status").asText()).isEqualTo("RUNNING");
        assertThat(body.path("data").path("link").asText()).endsWith("/clusters/c-signed");
        assertThat(delivery.id()).startsWith("msg_");

        // the secret is shown once: never in what the API says of the channel afterwards
        assertThat(api.get("/channels/endpoints/" + id, "Authorization", ada).body()).doesNotContain(secret);
        assertThat(api.get("/channels/endpoints", "Authorization", ada).body()).doesNotContain(secret);
        // the same event delivered twice to the platform makes no second delivery
        awaitIdle();
        topic.publish(running);
        awaitIdle();
        assertThat(calls.get("/signed").get()).isEqualTo(1);
    }

    @Test
    void a_receiver_answering_500_is_tried_again_when_the_clock_reaches_the_backoff_with_the_same_webhook_id()
            throws Exception {
        String ada = login("ada");
        JsonNode created = create(ada, "webhook", "/flaky", List.of("cluster.run-failed"), null);
        String id = created.path("channel").path("id").asText();
        publish(new PlatformEvent.ClusterStatusChanged(new UserId(adaId), "c-flaky", "flaky", "FAILED",
                Optional.of("PROVISIONING"), Optional.of("TerraformApplyFailed: quota"), Optional.of("run-9"), 4));
        awaitCalls("/flaky", 1);
        awaitIdle();
        assertThat(calls.get("/flaky").get()).as("no retry before its time").isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        awaitCalls("/flaky", 2);
        awaitIdle();
        clock.advance(Duration.ofMinutes(5));
        List<Received> all = awaitCalls("/flaky", 3);
        awaitIdle();

        assertThat(all).extracting(Received::id).containsOnly(all.getFirst().id());
        assertThat(verify(created.path("secret").asText(), all)).containsOnly("ok");
        JsonNode history = api.get("/channels/endpoints/" + id + "/deliveries", "Authorization", login("ada")).json()
                .path("deliveries");
        assertThat(history).hasSize(3);
        assertThat(texts(history, "status_code")).containsExactly("200", "500", "500");
        assertThat(texts(history, "attempt")).containsExactly("3", "2", "1");
        assertThat(texts(history, "event_kind")).containsOnly("cluster.status.failed");
        assertThat(history.get(0).has("latency_ms")).isTrue();

        // redelivered by hand: again, with the same webhook-id
        String deliveryId = history.get(0).path("delivery_id").asText();
        Reply redelivered = api.post("/channels/endpoints/" + id + "/deliveries/" + deliveryId + "/redeliver", "",
                "Authorization", login("ada"));
        assertThat(redelivered.status()).as(redelivered.body()).isEqualTo(202);
        List<Received> again = awaitCalls("/flaky", 4);
        assertThat(again.getLast().id()).isEqualTo(all.getFirst().id());
        assertThat(verify(created.path("secret").asText(), List.of(again.getLast()))).containsExactly("ok");
        api.post("/channels/endpoints/" + id + "/deliveries/msg_00000000000000000000000000/redeliver", "",
                "Authorization", login("ada")).isProblem(404, "delivery-not-found");
    }

    @Test
    void a_receiver_that_times_out_is_tried_again() throws Exception {
        String ada = login("ada");
        String id = create(ada, "webhook", "/slow", List.of("cluster.status.deleted"), null).path("channel")
                .path("id").asText();
        publish(new PlatformEvent.ClusterStatusChanged(new UserId(adaId), "c-slow", "slow", "DELETED",
                Optional.of("DELETING"), Optional.empty(), Optional.empty(), 9));
        awaitCalls("/slow", 1);
        awaitHistory(ada, id, 1);
        clock.advance(Duration.ofSeconds(5));
        awaitCalls("/slow", 2);
        JsonNode history = awaitHistory(login("ada"), id, 2);
        assertThat(history.get(1).path("error").asText()).isEqualTo("timeout");
        assertThat(absent(history.get(1).path("status_code"))).isTrue();
        assertThat(history.get(0).path("status_code").asInt()).isEqualTo(204);
    }

    @Test
    void a_channel_failing_for_a_day_is_turned_off_and_its_owner_told() throws Exception {
        String ada = login("ada");
        String id = create(ada, "webhook", "/down", List.of("cluster.status.failed"), "c-down").path("channel")
                .path("id").asText();
        publish(new PlatformEvent.ClusterStatusChanged(new UserId(adaId), "c-down", "down", "FAILED",
                Optional.of("PROVISIONING"), Optional.of("boom"), Optional.empty(), 2));
        awaitCalls("/down", 1);
        awaitIdle();
        String deliveryId = awaitHistory(ada, id, 1).get(0).path("delivery_id").asText();
        api.post("/channels/endpoints/" + id + "/deliveries/" + deliveryId + "/redeliver", "", "Authorization", ada)
                .isProblem(409, "delivery-pending");
        for (int hour = 1; hour <= 24; hour++) {
            clock.advance(Duration.ofHours(1));
            awaitIdle();
        }
        ada = login("ada");
        JsonNode channel = api.get("/channels/endpoints/" + id, "Authorization", ada).json();
        assertThat(channel.path("enabled").asBoolean()).isFalse();
        assertThat(channel.path("disabled_reason").asText()).isEqualTo("failing-for-a-day");
        JsonNode history = api.get("/channels/endpoints/" + id + "/deliveries", "Authorization", ada).json()
                .path("deliveries");
        assertThat(history).as("5s, 5m, 30m, 2h, 5h, 10h, then the day's end").hasSize(8);
        assertThat(texts(history, "status_code")).containsOnly("500");
        List<String> kinds = new ArrayList<>();
        api.get("/notifications", "Authorization", ada).json().path("notifications")
                .forEach(n -> kinds.add(n.path("kind").asText()));
        assertThat(kinds).contains("channel.disabled");

        int before = calls.get("/down").get();
        publish(new PlatformEvent.ClusterStatusChanged(new UserId(adaId), "c-down", "down", "FAILED",
                Optional.of("PROVISIONING"), Optional.of("boom again"), Optional.empty(), 5));
        awaitIdle();
        assertThat(calls.get("/down").get()).as("nothing goes to a channel that is off").isEqualTo(before);

        Reply on = api.patch("/channels/endpoints/" + id, "{\"enabled\":true}", "Authorization", ada);
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        assertThat(on.json().path("enabled").asBoolean()).isTrue();
        assertThat(absent(on.json().path("disabled_reason"))).isTrue();
        assertThat(absent(on.json().path("failing_since"))).isTrue();
    }

    @Test
    void events_go_only_to_the_channels_whose_kinds_and_cluster_filter_want_them() throws Exception {
        String ada = login("ada");
        create(ada, "webhook", "/filter-any", List.of("cluster.status.running"), null);
        create(ada, "webhook", "/filter-keep", List.of("cluster.status.running", "cluster.expiring"), "c-keep");
        UserId owner = new UserId(adaId);
        publish(new PlatformEvent.ClusterStatusChanged(owner, "c-other", "o", "RUNNING", Optional.empty(),
                Optional.empty(), Optional.empty(), 1));
        publish(new PlatformEvent.ClusterStatusChanged(owner, "c-keep", "k", "RUNNING", Optional.empty(),
                Optional.empty(), Optional.empty(), 1));
        publish(new PlatformEvent.ClusterExpiring(owner, "c-keep", "k", "2030-01-01T00:00:00Z", "within-a-day"));
        publish(new PlatformEvent.ClusterStatusChanged(owner, "c-keep", "k", "DELETING", Optional.empty(),
                Optional.empty(), Optional.empty(), 2));
        publish(new PlatformEvent.ClusterStatusChanged(new UserId(bobId), "c-keep", "b", "RUNNING",
                Optional.empty(), Optional.empty(), Optional.empty(), 1));
        awaitIdle();
        assertThat(bodies("/filter-any")).extracting(b -> b.path("data").path("cluster_id").asText())
                .containsExactlyInAnyOrder("c-other", "c-keep");
        assertThat(bodies("/filter-keep")).extracting(b -> b.path("type").asText())
                .containsExactlyInAnyOrder("cluster.status.running", "cluster.expiring");
    }

    @Test
    void a_test_event_is_sent_even_to_a_channel_that_is_off_and_the_history_keeps_the_last_100() throws Exception {
        String ada = login("ada");
        JsonNode created = create(ada, "webhook", "/tested", List.of("account.security"), null);
        String id = created.path("channel").path("id").asText();
        assertThat(api.patch("/channels/endpoints/" + id, "{\"enabled\":false}", "Authorization", ada).status())
                .isEqualTo(200);
        Reply test = api.post("/channels/endpoints/" + id + "/test", "", "Authorization", ada);
        assertThat(test.status()).as(test.body()).isEqualTo(202);
        Received first = awaitCalls("/tested", 1).getFirst();
        assertThat(first.id()).isEqualTo(test.json().path("delivery_id").asText());
        assertThat(JSON.readTree(first.body()).path("type").asText()).isEqualTo("test");
        assertThat(verify(created.path("secret").asText(), List.of(first))).containsExactly("ok");
        for (int i = 0; i < 104; i++) {
            clock.advance(Duration.ofMillis(1)); // one after the other, as outside tests
            assertThat(api.post("/channels/endpoints/" + id + "/test", "", "Authorization", ada).status())
                    .isEqualTo(202);
        }
        awaitCalls("/tested", 105);
        JsonNode history = awaitHistory(ada, id, 100);
        assertThat(history).hasSize(100);
        assertThat(history.get(0).path("at").asText().compareTo(history.get(99).path("at").asText()))
                .isGreaterThanOrEqualTo(0);
        assertThat(texts(history, "delivery_id")).doesNotContain(first.id());
    }

    @Test
    void a_rotated_secret_signs_beside_the_old_one_for_a_day() throws Exception {
        String ada = login("ada");
        JsonNode created = create(ada, "webhook", "/rotated", List.of("account.security"), null);
        String id = created.path("channel").path("id").asText();
        String old = created.path("secret").asText();
        Reply rotated = api.post("/channels/endpoints/" + id + "/rotate-secret", "", "Authorization", ada);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String fresh = rotated.json().path("secret").asText();
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);

        // a real security event: the password changed
        Reply changed = api.post("/me/password", ApiClient.json("current_password", TourSteps.PASSWORD,
                "new_password", TourSteps.PASSWORD + " 2"), "Authorization", ada);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        Received during = awaitCalls("/rotated", 1).getFirst();
        assertThat(JSON.readTree(during.body()).path("type").asText()).isEqualTo("account.security");
        assertThat(during.signature().split(" ")).hasSize(2);
        assertThat(verify(fresh, List.of(during))).containsExactly("ok");
        assertThat(verify(old, List.of(during))).containsExactly("ok");

        clock.advance(Duration.ofHours(25));
        String later = "Bearer " + api.post("/auth/login", ApiClient.json("login", "ada", "password",
                TourSteps.PASSWORD + " 2")).json().path("access_token").asText();
        assertThat(api.post("/channels/endpoints/" + id + "/test", "", "Authorization", later).status())
                .isEqualTo(202);
        Received after = awaitCalls("/rotated", 2).getLast();
        assertThat(after.signature().split(" ")).hasSize(1);
        assertThat(verify(fresh, List.of(after))).containsExactly("ok");
        assertThat(verify(old, List.of(after))).doesNotContain("ok");
        // put the password back for the other tests
        assertThat(api.post("/me/password", ApiClient.json("current_password", TourSteps.PASSWORD + " 2",
                "new_password", TourSteps.PASSWORD), "Authorization", later).status()).isEqualTo(200);
    }

    @Test
    void slack_gets_its_own_message_format_and_its_url_is_never_shown_again() throws Exception {
        String ada = login("ada");
        String url = receiverUrl("/slack/services/T0001/B0001/slack-url-secret-part");
        Reply created = api.post("/channels/endpoints", JSON.writeValueAsString(Map.of("type", "slack", "url", url,
                "event_kinds", List.of("cluster.run-failed"))), "Authorization", ada);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("slack-url-secret-part");
        assertThat(absent(created.json().path("secret"))).isTrue();
        assertThat(api.get("/channels/endpoints", "Authorization", ada).body()).doesNotContain("slack-url-secret-part");
        publish(new PlatformEvent.ClusterStatusChanged(new UserId(adaId), "c-slack", "payments", "UPDATE_FAILED",
                Optional.of("UPDATING"), Optional.of("TerraformApplyFailed"), Optional.empty(), 7));
        Received message = awaitCalls("/slack/services/T0001/B0001/slack-url-secret-part", 1).getFirst();
        assertThat(message.signature()).isNull();
        JsonNode body = JSON.readTree(message.body());
        assertThat(body.path("text").asText()).contains("payments").contains("TerraformApplyFailed");
        String blocks = body.path("blocks").toString();
        assertThat(blocks).contains("*Cluster:* payments").contains("*Status:* UPDATE_FAILED")
                .contains("*Reason:* TerraformApplyFailed").contains("/clusters/c-slack|Open in Skyport>");
    }

    @Test
    void bad_input_is_a_problem_naming_the_field_and_nothing_is_made() {
        String ada = login("ada");
        int before = api.get("/channels/endpoints", "Authorization", ada).json().path("channels").size();
        assertField(api.post("/channels/endpoints", "{\"url\":\"http://example.com/hook\",\"event_kinds\":"
                + "[\"cluster.run-failed\"]}", "Authorization", ada), "invalid-url", "url");
        assertField(api.post("/channels/endpoints", "{\"url\":\"http://169.254.169.254/latest/meta-data\","
                + "\"event_kinds\":[\"cluster.run-failed\"]}", "Authorization", ada), "invalid-url", "url");
        assertField(api.post("/channels/endpoints", "{\"url\":\"http://10.0.0.1/\",\"event_kinds\":"
                + "[\"cluster.run-failed\"]}", "Authorization", ada), "invalid-url", "url");
        assertField(api.post("/channels/endpoints", "{\"url\":\"" + receiverUrl("/x") + "\",\"event_kinds\":"
                + "[\"cluster.nope\"]}", "Authorization", ada), "invalid-event-kinds", "event_kinds");
        assertField(api.post("/channels/endpoints", "{\"url\":\"" + receiverUrl("/x") + "\",\"event_kinds\":[]}",
                "Authorization", ada), "invalid-event-kinds", "event_kinds");
        assertField(api.post("/channels/endpoints", "{\"type\":\"pager\",\"url\":\"" + receiverUrl("/x")
                + "\",\"event_kinds\":[\"test\"]}", "Authorization", ada), "invalid-type", "type");
        assertField(api.post("/channels/endpoints", "{\"url\":\"" + receiverUrl("/x") + "\",\"event_kinds\":"
                + "[\"cluster.run-failed\"],\"cluster_id\":\"../../x\"}", "Authorization", ada),
                "invalid-cluster-id", "cluster_id");
        assertThat(api.get("/channels/endpoints", "Authorization", ada).json().path("channels").size())
                .isEqualTo(before);
    }

    @Test
    void another_persons_channel_is_not_found() throws Exception {
        String ada = login("ada");
        String bob = login("bob");
        String id = create(ada, "webhook", "/private", List.of("cluster.run-failed"), null).path("channel")
                .path("id").asText();
        String base = "/channels/endpoints/" + id;
        api.get(base, "Authorization", bob).isProblem(404, "channel-not-found");
        api.patch(base, "{\"enabled\":false}", "Authorization", bob).isProblem(404, "channel-not-found");
        api.post(base + "/test", "", "Authorization", bob).isProblem(404, "channel-not-found");
        api.post(base + "/rotate-secret", "", "Authorization", bob).isProblem(404, "channel-not-found");
        api.get(base + "/deliveries", "Authorization", bob).isProblem(404, "channel-not-found");
        api.post(base + "/deliveries/msg_1/redeliver", "", "Authorization", bob).isProblem(404, "channel-not-found");
        api.delete(base, "", "Authorization", bob).isProblem(404, "channel-not-found");
        assertThat(api.get("/channels/endpoints", "Authorization", bob).body()).doesNotContain(id);
        assertThat(api.get(base, "Authorization", ada).status()).isEqualTo(200);
        assertThat(api.delete(base, "", "Authorization", ada).status()).isEqualTo(204);
        api.get(base, "Authorization", ada).isProblem(404, "channel-not-found");
    }

    @Test
    void a_deleted_accounts_channels_and_their_secrets_go_with_it() throws Exception {
        String cy = TourSteps.signedIn(api, "cyrus@example.com", "cyrus");
        UserId cyId = new UserId(api.get("/me", "Authorization", cy).json().path("id").asText());
        String id = create(cy, "webhook", "/cy", List.of("cluster.run-failed"), null).path("channel").path("id")
                .asText();
        DynamoDbChannels channels = platform.context().getBean(DynamoDbChannels.class);
        String secretRef = channels.find(cyId, id).orElseThrow().secretRef();
        SecretStore secrets = platform.context().getBean(SecretStore.class);
        assertThat(secrets.read(secretRef)).startsWith("v1 whsec_");

        Reply deleted = api.delete("/me", ApiClient.json("password", TourSteps.PASSWORD), "Authorization", cy);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!channels.list(cyId).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(channels.list(cyId)).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> secrets.read(secretRef))
                .as("the channel's secret is gone").isInstanceOf(RuntimeException.class);
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    private String login(String user) {
        Reply reply = api.post("/auth/login", ApiClient.json("login", user, "password", TourSteps.PASSWORD));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return "Bearer " + reply.json().path("access_token").asText();
    }

    private String receiverUrl(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private JsonNode create(String bearer, String type, String path, List<String> kinds, String clusterId)
            throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", type);
        body.put("url", receiverUrl(path));
        ArrayNode kindList = body.putArray("event_kinds");
        kinds.forEach(kindList::add);
        if (clusterId != null) {
            body.put("cluster_id", clusterId);
        }
        Reply reply = api.post("/channels/endpoints", JSON.writeValueAsString(body), "Authorization", bearer);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(reply.headers().firstValue("location").orElse("")).startsWith("/channels/endpoints/ep_");
        return reply.json();
    }

    private void publish(PlatformEvent event) {
        platform.context().getBean(EventPublisher.class).publish(DomainEvent.of(event, clock.instant()));
    }

    private void awaitIdle() {
        assertThat(queue.awaitIdle(Duration.ofSeconds(30))).as("the delivery queue went idle").isTrue();
    }

    private List<Received> awaitCalls(String path, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<Received> got = received.stream().filter(r -> r.path().equals(path)).toList();
            if (got.size() >= count) {
                return got;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(path + " never got " + count + " deliveries; it got "
                + received.stream().filter(r -> r.path().equals(path)).count());
    }

    private JsonNode awaitHistory(String bearer, String id, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode history = null;
        while (System.nanoTime() < deadline) {
            history = api.get("/channels/endpoints/" + id + "/deliveries", "Authorization", bearer).json()
                    .path("deliveries");
            if (history.size() >= count) {
                return history;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the history never had " + count + " attempts: " + history);
    }

    private List<JsonNode> bodies(String path) throws IOException {
        List<JsonNode> bodies = new ArrayList<>();
        for (Received r : received) {
            if (r.path().equals(path)) {
                bodies.add(JSON.readTree(r.body()));
            }
        }
        return bodies;
    }

    private static boolean absent(JsonNode node) {
        return node.isMissingNode() || node.isNull();
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.path(field).asText()));
        return texts;
    }

    private static void assertField(Reply reply, String slug, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().path("type").asText()).contains(slug);
        assertThat(reply.json().path("detail").asText()).contains(field);
    }

    /** Each delivery as the standardwebhooks library judges it with {@code secret}: "ok" or its error. */
    private List<String> verify(String secret, List<Received> deliveries) throws IOException {
        ArrayNode input = JSON.createArrayNode();
        for (Received delivery : deliveries) {
            ObjectNode item = input.addObject();
            item.put("secret", secret);
            item.put("body", delivery.body());
            item.put("now", delivery.at().getEpochSecond());
            ObjectNode headers = item.putObject("headers");
            headers.put("webhook-id", delivery.id());
            headers.put("webhook-timestamp", delivery.timestamp());
            headers.put("webhook-signature", delivery.signature());
        }
        JsonNode answers = JSON.readTree(WEBHOOKS.run("verify.mjs", JSON.writeValueAsString(input)));
        List<String> out = new ArrayList<>();
        answers.forEach(answer -> out.add(answer.asText()));
        return out;
    }
}
