package dev.skyport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.local.LiveSocket;
import dev.skyport.testing.ApiClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The README's journey, as a person walks it, against one {@link Target}: sign up, read the verification mail, verify,
 * log in, connect a cloud account, open the WebSocket, ask for a cluster and watch every status arrive up to RUNNING
 * with its notification, fetch its kubeconfig, delete it and watch it go to DELETED, disconnect the cloud account,
 * and delete the account. Each subclass names a target; the client code here is the same for all of them: plain HTTP
 * ({@link ApiClient}) and a real WebSocket client ({@link LiveSocket}), nothing that reaches inside the platform.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReadmeJourney {

    private static final String PASSWORD = "correct horse battery staple, e2e";
    private static final Duration MAIL_WAIT = Duration.ofSeconds(60);
    /** API Gateway closes a connection silent for 10 minutes; the console pings every 4, and so does the journey. */
    private static final Duration PING_EVERY = Duration.ofMinutes(4);
    /** An access token lives 15 minutes, a cluster in a real cloud takes longer: the walk refreshes, as clients do. */
    private static final Duration REFRESH_AFTER = Duration.ofMinutes(10);

    private static final long STARTED = System.nanoTime();

    /** The target to walk; a subclass skips (with its reason, printed) when it has none. */
    protected abstract Target target();

    /** What a run left behind, for the clean-up after a failure: the journey clears each as it removes it. */
    private String bearer;
    private String refreshToken;
    private long loggedInAt;
    private String ownPassword;
    private String clusterId;
    private String accountId;

    @Test
    void a_person_signs_up_watches_a_cluster_come_up_and_go_and_deletes_their_account() throws Exception {
        Target target = target();
        ApiClient api = new ApiClient(target::api);
        String run = UUID.randomUUID().toString().substring(0, 8);
        say(target, "walking the README's journey against " + target.description() + " (API " + target.api()
                + ", WebSocket " + target.webSocket() + ")");

        boolean signedUp = target.givenUser().isEmpty();
        if (signedUp) {
            bearer = signUpAndVerify(target, api, "e2e-" + run + "@example.com", "e2e-" + run);
            ownPassword = PASSWORD;
        } else {
            Target.Person person = target.givenUser().get();
            say(target, "logging in as the given person " + person.login() + " (no sign-up: " + mailboxNote(target)
                    + ")");
            bearer = logIn(api, person.login(), person.password());
        }

        CloudAccountSource.CloudAccount cloud = target.cloud().account();
        ApiClient.Reply connected = api.post("/cloud-accounts", "{\"name\":\"e2e-" + run + "\",\"provider\":\""
                + cloud.provider() + "\",\"environment\":\"dev\",\"credentials\":" + cloud.credentials() + "}",
                "Authorization", bearer);
        assertThat(connected.status()).as("connecting the cloud account: " + connected.body()).isEqualTo(201);
        accountId = connected.json().path("id").asText();
        assertThat(api.get("/cloud-accounts/" + accountId, "Authorization", bearer).json()
                .path("last_verification").path("ok").asBoolean()).as("the provider accepted the credentials").isTrue();
        say(target, "connected " + cloud.provider() + " account " + accountId);

        String name = "e2e-" + run;
        try (LiveSocket live = LiveSocket.at(target.webSocket(), LiveSocket.ticket(api, bearer))) {
            assertThat(ping(live)).as("the WebSocket answers a ping").isTrue();

            ApiClient.Reply created = api.post("/clusters", """
                    {"name":"%s","cloud_account_id":"%s","region":"%s","state":{"bucket":"%s","prefix":"e2e/"},
                     "tags":{"purpose":"skyport-e2e"}}""".formatted(name, accountId, cloud.region(),
                    cloud.stateBucket()), "Authorization", bearer, "Idempotency-Key", "e2e-" + run);
            if (created.status() == 403 && !signedUp) {
                skip(target, "the given person may not create clusters on this stack: " + created.body());
            }
            if (created.status() == 403) {
                skip(target, "a new person may not create clusters on this stack (its skyport:clusterCreators is"
                        + " admin): deploy it with skyport:clusterCreators=user, or give an ADMIN with"
                        + " -Dskyport.e2e.login and -Dskyport.e2e.password");
            }
            assertThat(created.status()).as("asking for a cluster: " + created.body()).isEqualTo(202);
            clusterId = created.json().path("id").asText();
            assertThat(created.json().path("status").asText()).isEqualTo("REQUESTED");
            say(target, "asked for cluster " + name + " (" + clusterId + "), watching it on the WebSocket");

            List<JsonNode> upToRunning = watch(live, target.runTimeout(), seen ->
                    notified(seen, "cluster.running") && statusesOf(seen).contains("RUNNING"));
            assertThat(statusesOf(upToRunning)).as("the statuses pushed while it was made")
                    .containsExactly("REQUESTED", "PROVISIONING", "RUNNING");
            assertThat(versionsOf(upToRunning)).as("each status carries a higher version").isSorted()
                    .doesNotHaveDuplicates();
            assertThat(upToRunning).as("its Terraform output, line by line").anyMatch(message ->
                    message.path("type").asText().equals("cluster.log")
                            && message.path("cluster_id").asText().equals(clusterId));
            assertThat(notification(upToRunning, "cluster.running").path("title").asText())
                    .isEqualTo("Cluster " + name + " is running");
            say(target, "saw " + String.join(" -> ", statusesOf(upToRunning)) + " and the notification");

            bearer(api);
            JsonNode running = api.get("/clusters/" + clusterId, "Authorization", bearer).json();
            assertThat(running.path("status").asText()).isEqualTo("RUNNING");
            assertThat(running.path("outputs").path("endpoint").asText()).startsWith("https://");
            ApiClient.Reply kubeconfig = api.get("/clusters/" + clusterId + "/kubeconfig", "Authorization", bearer);
            assertThat(kubeconfig.status()).as(kubeconfig.body()).isEqualTo(200);
            assertThat(kubeconfig.contentType()).startsWith("application/yaml");
            assertThat(kubeconfig.body()).contains("current-context: " + name, running.path("outputs")
                    .path("endpoint").asText());
            say(target, "read its kubeconfig (" + running.path("outputs").path("endpoint").asText() + ")");

            ApiClient.Reply deleting = api.delete("/clusters/" + clusterId, null, "Authorization", bearer);
            assertThat(deleting.status()).as("deleting it: " + deleting.body()).isEqualTo(202);
            List<JsonNode> upToDeleted = watch(live, target.runTimeout(), seen ->
                    notified(seen, "cluster.deleted") && statusesOf(seen).contains("DELETED"));
            assertThat(statusesOf(upToDeleted)).as("the statuses pushed while it was destroyed")
                    .containsExactly("DELETING", "DELETED");
            assertThat(notification(upToDeleted, "cluster.deleted").path("title").asText())
                    .isEqualTo("Cluster " + name + " is deleted");
            bearer(api);
            assertThat(api.get("/clusters/" + clusterId, "Authorization", bearer).json().path("status").asText())
                    .isEqualTo("DELETED");
            assertThat(api.get("/clusters", "Authorization", bearer).json().path("clusters")
                    .findValuesAsText("id")).as("the list of live clusters").doesNotContain(clusterId);
            api.get("/clusters/" + clusterId + "/kubeconfig", "Authorization", bearer)
                    .isProblem(409, "cluster-not-running");
            clusterId = null;
            say(target, "saw DELETING -> DELETED and the notification");

            assertThat(api.delete("/cloud-accounts/" + accountId, null, "Authorization", bearer).status())
                    .as("disconnecting the cloud account").isEqualTo(204);
            api.get("/cloud-accounts/" + accountId, "Authorization", bearer).isProblem(404, "cloud-account-not-found");
            accountId = null;
            say(target, "disconnected the cloud account: 404 after");

            if (!signedUp) {
                say(target, "kept the given person's account (the journey deletes only a person it signed up)");
                return;
            }
            ApiClient.Reply gone = api.delete("/me", ApiClient.json("password", PASSWORD), "Authorization", bearer);
            assertThat(gone.status()).as("deleting the account: " + gone.body()).isEqualTo(204);
            String oldBearer = bearer;
            bearer = null;
            assertThat(live.closeCode(Duration.ofSeconds(60))).as("the WebSocket is closed with the account")
                    .isNotZero();
            assertThat(api.post("/auth/login", ApiClient.json("login", "e2e-" + run, "password", PASSWORD)).status())
                    .as("logging in to the deleted account").isEqualTo(401);
            assertThat(api.get("/me", "Authorization", oldBearer).status()).as("its last access token").isEqualTo(401);
            say(target, "deleted the account: its WebSocket closed, its login refused");
        }
    }

    /** Signs up, finds the verification mail, verifies, logs in: the bearer. */
    private String signUpAndVerify(Target target, ApiClient api, String email, String username) throws Exception {
        ApiClient.Reply signup = api.post("/auth/signup", ApiClient.json("email", email, "username", username,
                "password", PASSWORD));
        assertThat(signup.status()).as(signup.body()).isEqualTo(202);
        assertThat(signup.json().path("status").asText()).isEqualTo("verification_sent");
        ownPassword = PASSWORD;
        api.post("/auth/login", ApiClient.json("login", username, "password", PASSWORD))
                .isProblem(403, "email-not-verified");
        say(target, "signed up " + email + "; logging in before verifying is refused");

        String link = verificationLink(target.mailbox(), email);
        String token = link.substring(link.indexOf("token=") + "token=".length());
        ApiClient.Reply verified = api.postForm("/auth/verify", Map.of("token", token));
        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        assertThat(verified.body()).contains("<h1>E-mail verified</h1>");
        say(target, "read the verification mail and verified");

        String bearer = logIn(api, email, PASSWORD);
        JsonNode me = api.get("/me", "Authorization", bearer).json();
        assertThat(me.path("username").asText()).isEqualTo(username);
        assertThat(me.path("verified").asBoolean()).isTrue();
        return bearer;
    }

    private static String verificationLink(Mailbox mailbox, String email) throws InterruptedException {
        // Mail leaves off the request path: it may take a moment to arrive.
        long deadline = System.nanoTime() + MAIL_WAIT.toNanos();
        List<Mailbox.Mail> mails = List.of();
        while (System.nanoTime() < deadline) {
            mails = mailbox.mailsTo(email);
            Optional<String> link = mails.stream().flatMap(mail -> mail.links().stream())
                    .filter(l -> l.contains("/auth/verify?token=")).findFirst();
            if (link.isPresent()) {
                return link.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no verification mail to " + email + " within " + MAIL_WAIT + "; mails: " + mails);
    }

    private String logIn(ApiClient api, String login, String password) {
        ApiClient.Reply session = api.post("/auth/login", ApiClient.json("login", login, "password", password));
        assertThat(session.status()).as("logging in: " + session.body()).isEqualTo(200);
        return started(session);
    }

    private String started(ApiClient.Reply session) {
        refreshToken = session.json().path("refresh_token").asText();
        loggedInAt = System.nanoTime();
        bearer = "Bearer " + session.json().path("access_token").asText();
        return bearer;
    }

    /** The session's bearer, refreshed first when its access token is near its end. */
    private String bearer(ApiClient api) {
        if (System.nanoTime() - loggedInAt > REFRESH_AFTER.toNanos()) {
            ApiClient.Reply refreshed = api.post("/auth/refresh", ApiClient.json("refresh_token", refreshToken));
            assertThat(refreshed.status()).as("refreshing the session: " + refreshed.body()).isEqualTo(200);
            started(refreshed);
        }
        return bearer;
    }

    private static boolean ping(LiveSocket live) throws InterruptedException {
        live.send("{\"type\":\"ping\"}");
        JsonNode answer = live.next(Duration.ofSeconds(10));
        return answer != null && answer.path("type").asText().equals("pong");
    }

    /** Messages about this run's cluster as they arrive until {@code done} holds for them; fails after the timeout. */
    private List<JsonNode> watch(LiveSocket live, Duration timeout, Predicate<List<JsonNode>> done)
            throws InterruptedException {
        List<JsonNode> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextPing = System.nanoTime() + PING_EVERY.toNanos();
        while (System.nanoTime() < deadline) {
            if (System.nanoTime() > nextPing) {
                live.send("{\"type\":\"ping\"}");
                nextPing = System.nanoTime() + PING_EVERY.toNanos();
            }
            JsonNode message = live.next(Duration.ofMillis(200));
            if (message != null && about(message, clusterId)) {
                seen.add(message);
                if (message.path("type").asText().equals("cluster.status")
                        && message.path("status").asText().endsWith("FAILED")) {
                    throw new AssertionError("the cluster's run failed: " + message);
                }
                if (done.test(seen)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("within " + timeout + " the WebSocket brought only " + seen);
    }

    private static boolean about(JsonNode message, String cluster) {
        return switch (message.path("type").asText()) {
            case "cluster.status", "cluster.log" -> message.path("cluster_id").asText().equals(cluster);
            case "notification" -> message.path("notification").path("resource").asText()
                    .equals("/clusters/" + cluster);
            default -> false;
        };
    }

    private static List<String> statusesOf(List<JsonNode> messages) {
        return messages.stream().filter(m -> m.path("type").asText().equals("cluster.status"))
                .map(m -> m.path("status").asText()).toList();
    }

    private static List<Long> versionsOf(List<JsonNode> messages) {
        return messages.stream().filter(m -> m.path("type").asText().equals("cluster.status"))
                .map(m -> m.path("version").asLong()).toList();
    }

    private static boolean notified(List<JsonNode> messages, String kind) {
        return messages.stream().anyMatch(m -> m.path("notification").path("kind").asText().equals(kind));
    }

    private static JsonNode notification(List<JsonNode> messages, String kind) {
        return messages.stream().map(m -> m.path("notification"))
                .filter(n -> n.path("kind").asText().equals(kind)).findFirst().orElseThrow();
    }

    private static String mailboxNote(Target target) {
        return target.mailbox() instanceof Mailbox.Unreadable unreadable ? unreadable.reason()
                : "a verified person was given";
    }

    /**
     * What a failed or skipped walk left on a deployed stack, removed as far as it can be without waiting for a
     * destroy: a cluster still being made is asked to go, and the account stays until it is gone (said so).
     */
    @AfterEach
    void cleanUp() {
        if (bearer == null) {
            return;
        }
        Target target = target();
        ApiClient api = new ApiClient(target::api);
        if (clusterId != null) {
            int status = api.delete("/clusters/" + clusterId, null, "Authorization", bearer).status();
            say(target, "clean-up: asked cluster " + clusterId + " to be deleted (" + status + "); the account"
                    + " it was made with stays until the destroy ends");
            return;
        }
        if (accountId != null) {
            api.delete("/cloud-accounts/" + accountId, null, "Authorization", bearer);
        }
        if (ownPassword != null) {
            int status = api.delete("/me", ApiClient.json("password", ownPassword), "Authorization", bearer).status();
            say(target, "clean-up: deleted the person the journey signed up (" + status + ")");
        }
        bearer = null;
    }

    /** Prints the reason, so that it shows in the build's output, and skips. */
    static void skip(Target target, String reason) {
        say(target, "skipped: " + reason);
        Assumptions.abort(reason);
    }

    static void say(Target target, String line) {
        System.out.printf("[e2e] %s%s%n", target == null ? "" : target.description() + ", +"
                + String.format("%.1f s", (System.nanoTime() - STARTED) / 1e9) + ": ", line);
    }
}
