package dev.skyport.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.platform.web.ViewerAddresses;
import dev.skyport.testing.ApiClient;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behind the CloudFront distribution every request arrives from an edge server: the limits keyed by client address
 * count the viewer the distribution vouches for, and a viewer address that anyone else sends counts for nothing.
 */
@MicronautTest
class ViewerAddressesIT extends AuthApiTestBase {

    private static final String SECRET = "4f1c0e9a7b2d4c6e8a1f3b5d7e9c2a4f6b8d0e1c";

    @Override
    Map<String, String> extraProperties() {
        return Map.of(ViewerAddresses.ORIGIN_VERIFY_PROPERTY, SECRET);
    }

    @Test
    void the_mail_request_limit_counts_each_viewer_behind_the_distribution_not_its_edge_server() {
        ApiClient edge = api.from("127.0.3.1");
        for (int i = 0; i < 20; i++) {
            assertThat(edge.post("/auth/verify/resend", json("email", "viewer" + i + "@example.com"),
                    ViewerAddresses.ORIGIN_VERIFY, SECRET, ViewerAddresses.VIEWER_ADDRESS, "198.51.100.7").status())
                    .isEqualTo(202);
        }
        edge.post("/auth/verify/resend", json("email", "viewer-late@example.com"), ViewerAddresses.ORIGIN_VERIFY,
                SECRET, ViewerAddresses.VIEWER_ADDRESS, "198.51.100.7").isProblem(429, "too-many-mail-requests");

        // Another person behind the same edge server is not held back by the first.
        assertThat(edge.post("/auth/verify/resend", json("email", "viewer-late@example.com"),
                ViewerAddresses.ORIGIN_VERIFY, SECRET, ViewerAddresses.VIEWER_ADDRESS, "2001:db8::7").status())
                .isEqualTo(202);
    }

    @Test
    void a_viewer_address_sent_without_the_distributions_secret_is_ignored() {
        ApiClient direct = api.from("127.0.3.2");
        for (int i = 0; i < 20; i++) {
            // Straight to the API with a new made-up address each time, and a wrong or missing secret.
            String[] headers = i % 2 == 0
                    ? new String[] {ViewerAddresses.VIEWER_ADDRESS, "203.0.113." + i}
                    : new String[] {ViewerAddresses.ORIGIN_VERIFY, SECRET.replace('4', '5'),
                            ViewerAddresses.VIEWER_ADDRESS, "203.0.113." + i};
            assertThat(direct.post("/auth/verify/resend", json("email", "forger" + i + "@example.com"), headers)
                    .status()).isEqualTo(202);
        }
        direct.post("/auth/verify/resend", json("email", "forger-late@example.com"), ViewerAddresses.VIEWER_ADDRESS,
                "203.0.113.99").isProblem(429, "too-many-mail-requests");
        // Nor is a viewer "address" that is not one, even with the secret: the request counts as the edge's own.
        ApiClient edge = api.from("127.0.3.3");
        for (int i = 0; i < 20; i++) {
            assertThat(edge.post("/auth/verify/resend", json("email", "named" + i + "@example.com"),
                    ViewerAddresses.ORIGIN_VERIFY, SECRET, ViewerAddresses.VIEWER_ADDRESS, "attacker.example")
                    .status()).isEqualTo(202);
        }
        edge.post("/auth/verify/resend", json("email", "named-late@example.com"), ViewerAddresses.ORIGIN_VERIFY,
                SECRET, ViewerAddresses.VIEWER_ADDRESS, "attacker.example").isProblem(429, "too-many-mail-requests");
    }
}
