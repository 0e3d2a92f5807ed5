package dev.skyport.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.testing.ApiClient;
import dev.skyport.testing.ApiClient.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every refusal of the local platform is problem+json saying why (issue 27.7), including those the framework makes
 * before any route: a page of another origin, a URI too long to read, a URL it cannot read; and Google sign-in, off here, says so without
 * naming a setting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalRefusalsIT {

    private LocalPlatform platform;
    private ApiClient api;

    @BeforeAll
    void start() {
        platform = LocalPlatform.start(new LocalPlatform.Options(TourSteps.freePort(), Optional.empty(),
                Optional.empty()));
        api = new ApiClient(platform::baseUrl);
    }

    @AfterAll
    void stop() {
        platform.close();
    }

    @Test
    void a_page_of_another_origin_gets_a_problem_saying_why() {
        Reply refused = api.post("/auth/login", ApiClient.json("login", "someone", "password", TourSteps.PASSWORD),
                "Origin", "http://evil.example").isProblem(403, "foreign-origin");
        assertThat(refused.json().path("detail").asText()).contains("Origin: http://evil.example");
        assertThat(api.post("/auth/login", ApiClient.json("login", "someone", "password", TourSteps.PASSWORD),
                "Origin", platform.baseUrl().toString().replaceAll("/$", "")).status())
                .as("the console's own origin is not refused").isEqualTo(401);
    }

    @Test
    void a_100_kb_uri_is_a_414_problem_about_the_uri() throws IOException {
        Reply reply = api.get("/clusters?padding=" + "a".repeat(100 * 1024)).isProblem(414, "uri-too-long");
        assertThat(reply.json().path("detail").asText()).contains("URI").doesNotContain("body");
        String raw = raw("GET /notifications?x=" + "b".repeat(100 * 1024) + " HTTP/1.1\r\nHost: localhost:"
                + platform.baseUrl().getPort() + "\r\nConnection: close\r\n\r\n");
        // Netty stands a request line it could not read in for GET /bad-request HTTP/1.0, and the answer takes that
        // version: HTTP/1.0 414 (a server may answer with a lower minor version than it was asked).
        assertThat(raw).matches("(?s)HTTP/1\\.[01] 414 .*").contains("application/problem+json")
                .contains("uri-too-long");
    }

    @Test
    void a_url_with_a_broken_escape_is_a_400_problem_about_the_url() throws IOException {
        for (String target : new String[] {"/me?x=%zz", "/clusters/%", "/auth/login?next=a|b"}) {
            String raw = raw("GET " + target + " HTTP/1.1\r\nHost: localhost:" + platform.baseUrl().getPort()
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(raw).as(target).startsWith("HTTP/1.1 400 ").contains("application/problem+json")
                    .contains("malformed-request").contains("URL is malformed").doesNotContain("body")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void google_sign_in_when_it_is_off_says_it_is_not_enabled_here_and_names_no_setting() {
        Reply reply = api.post("/auth/google", "{\"id_token\":\"x\"}").isProblem(501, "google-sign-in-not-enabled");
        assertThat(reply.body()).doesNotContain("skyport.google").doesNotContain("client-id").doesNotContain("client_id")
                .doesNotContain("SKYPORT_");
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), platform.baseUrl().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
