package dev.skyport.auth;

import dev.skyport.testing.ApiClient.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Google sign-in against a locally generated key pair served as a JWKS on loopback. */
@MicronautTest
class GoogleSignInIT extends AuthApiTestBase {

    private static final String CLIENT_ID = "skyport-test.apps.googleusercontent.com";
    private final RSAKey googleKey = generate("google-key-1");
    private final RSAKey strangerKey = generate("google-key-1");
    private final HttpServer jwks = serve(new JWKSet(googleKey.toPublicJWK()).toString());

    @Override
    Map<String, String> extraProperties() {
        return Map.of("skyport.google.client-id", CLIENT_ID,
                "skyport.google.jwks-url", "http://127.0.0.1:" + jwks.getAddress().getPort() + "/oauth2/v3/certs");
    }

    @AfterAll
    void stopJwks() {
        jwks.stop(0);
    }

    @Test
    void a_first_google_login_creates_a_verified_account_without_password() {
        Reply reply = google(idToken(googleKey, b -> b.subject("g-100").claim("email", "Lin@Gmail.com")));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode user = reply.json().path("user");
        assertThat(user.path("email").asText()).isEqualTo("lin@gmail.com");
        assertThat(user.path("username").asText()).startsWith("lin");
        assertThat(user.path("verified").asBoolean()).isTrue();

        Reply again = google(idToken(googleKey, b -> b.subject("g-100").claim("email", "lin@gmail.com")));
        assertThat(again.json().path("user").path("id").asText()).isEqualTo(user.path("id").asText());
        post("/auth/login", json("login", "lin@gmail.com", "password", "anything at all"))
                .isProblem(401, "invalid-credentials");
    }

    @Test
    void google_login_links_to_the_account_that_holds_the_email() {
        JsonNode existing = verifiedUserLogsIn("ana@example.com", "ana");
        Reply reply = google(idToken(googleKey, b -> b.subject("g-200").claim("email", "ana@example.com")));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("user").path("id").asText())
                .isEqualTo(existing.path("user").path("id").asText());
        assertThat(reply.json().path("user").path("username").asText()).isEqualTo("ana");
    }

    @Test
    void a_password_set_on_an_unverified_signup_stops_working_once_google_proves_the_address() {
        signUp("victim@gmail.com", "squatter");
        Reply reply = google(idToken(googleKey, b -> b.subject("g-500").claim("email", "victim@gmail.com")));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("user").path("verified").asBoolean()).isTrue();

        post("/auth/login", json("login", "victim@gmail.com", "password", PASSWORD))
                .isProblem(401, "invalid-credentials");
    }

    @Test
    void generated_usernames_do_not_collide() {
        verifiedUserLogsIn("sam@example.com", "sam");
        Reply reply = google(idToken(googleKey, b -> b.subject("g-300").claim("email", "sam@gmail.com")));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("user").path("username").asText()).startsWith("sam-").isNotEqualTo("sam");
    }

    @Test
    void an_admin_email_becomes_admin_on_first_google_login() {
        Reply reply = google(idToken(googleKey, b -> b.subject("g-400").claim("email", "boss@example.com")));
        assertThat(reply.json().path("user").path("roles")).extracting(JsonNode::asText).contains("ADMIN");
    }

    @Test
    void tokens_that_do_not_hold_are_refused() {
        google(idToken(strangerKey, b -> b)).isProblem(401, "invalid-google-token");
        google(idToken(googleKey, b -> b.audience("someone-else.apps.googleusercontent.com")))
                .isProblem(401, "invalid-google-token");
        google(idToken(googleKey, b -> b.issuer("https://evil.example"))).isProblem(401, "invalid-google-token");
        google(idToken(googleKey, b -> b.expirationTime(Date.from(Instant.now().minusSeconds(600)))))
                .isProblem(401, "invalid-google-token");
        google(idToken(googleKey, b -> b.claim("email_verified", false))).isProblem(401, "invalid-google-token");
        google("garbage").isProblem(401, "invalid-google-token");
        post("/auth/google", "{}").isProblem(400, "invalid-google-token");
    }

    private Reply google(String idToken) {
        return post("/auth/google", json("id_token", idToken));
    }

    private static String idToken(RSAKey key, UnaryOperator<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("https://accounts.google.com")
                .audience(CLIENT_ID).subject("g-1").claim("email", "someone@gmail.com").claim("email_verified", true)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)));
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    change.apply(claims).build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generate(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).keyUse(KeyUse.SIGNATURE).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer serve(String jwksJson) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/oauth2/v3/certs", exchange -> {
                byte[] body = jwksJson.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
