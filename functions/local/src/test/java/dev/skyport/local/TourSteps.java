package dev.skyport.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyport.testing.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/** The README tour's first steps on the local platform, as a newcomer takes them. */
public final class TourSteps {

    public static final String PASSWORD = "correct horse battery staple";

    private TourSteps() {
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Signs up, opens the link from the outbox and presses its button, logs in: "Bearer <access token>". */
    public static String signedIn(ApiClient api, String email, String username) {
        assertThat(api.post("/auth/signup", ApiClient.json("email", email, "username", username, "password",
                PASSWORD)).status()).isEqualTo(202);
        String link = null;
        for (JsonNode mail : api.get("/local/outbox").json()) {
            if (mail.path("to").asText().equals(email)) {
                link = mail.path("links").get(0).asText();
                break;
            }
        }
        assertThat(link).as("the verification mail to " + email).isNotNull();
        String token = link.substring(link.indexOf("token=") + "token=".length());
        assertThat(api.postForm("/auth/verify", Map.of("token", token)).status()).isEqualTo(200);
        return "Bearer " + api.post("/auth/login", ApiClient.json("login", username, "password", PASSWORD)).json()
                .path("access_token").asText();
    }

    /** Connects a cloud account with the simulated cloud's passing sample credentials of {@code provider}. */
    public static String connectSimulated(ApiClient api, String bearer, String provider, String name) {
        JsonNode credentials = api.get("/local/simulated-cloud").json().path(provider).path("passes");
        ApiClient.Reply connected = api.post("/cloud-accounts", "{\"name\":\"" + name + "\",\"provider\":\""
                + provider + "\",\"environment\":\"dev\",\"credentials\":" + credentials + "}", "Authorization", bearer);
        assertThat(connected.status()).as(connected.body()).isEqualTo(201);
        return connected.json().path("id").asText();
    }

    /** Asks for a cluster in {@code account}; returns the 202's body. */
    public static JsonNode createCluster(ApiClient api, String bearer, String account, String name, String tags) {
        ApiClient.Reply created = api.post("/clusters", """
                {"name":"%s","cloud_account_id":"%s","region":"eu-west-1","state":{"bucket":"acme-tf-state"},
                 "addons":["metrics-server"],"tags":%s}""".formatted(name, account, tags), "Authorization", bearer);
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        return created.json();
    }

    /** Reads the cluster until it is in {@code status}; fails after 30 s. */
    public static void awaitStatus(ApiClient api, String bearer, String id, String status) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String now = "";
        while (System.nanoTime() < deadline) {
            now = api.get("/clusters/" + id, "Authorization", bearer).json().path("status").asText();
            if (now.equals(status)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("cluster " + id + " never became " + status + "; it is " + now);
    }
}
