package dev.skyport.auth;

import dev.skyport.testing.ApiClient.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Tokens an attacker could forge or replay are refused with 401; a well-formed one is accepted. */
@MicronautTest
class AccessTokenIT extends AuthApiTestBase {

    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject("user-1").claim("username", "mallory")
                .claim("roles", List.of("USER", "ADMIN")).issuer("https://skyport.dev").audience("skyport-api")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
    }

    private static String signed(byte[] key, UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), change.apply(claims()).build());
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }

    private Reply session(String token) {
        return get("/auth/session", "Authorization", "Bearer " + token);
    }

    @Test
    void a_token_signed_with_the_key_and_right_claims_is_accepted() throws Exception {
        Reply reply = session(signed(SIGNING_KEY, b -> b));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("username").asText()).isEqualTo("mallory");
    }

    @Test
    void a_token_with_alg_none_is_rejected() {
        String unsigned = new PlainJWT(claims().build()).serialize();
        session(unsigned).isProblem(401, "unauthenticated");
    }

    @Test
    void a_token_signed_with_another_key_is_rejected() throws Exception {
        session(signed("another-key-that-is-long-enough-for-hs256!!".getBytes(), b -> b))
                .isProblem(401, "unauthenticated");
    }

    @Test
    void a_token_from_another_issuer_is_rejected() throws Exception {
        session(signed(SIGNING_KEY, b -> b.issuer("https://evil.example"))).isProblem(401, "unauthenticated");
    }

    @Test
    void a_token_for_another_audience_is_rejected() throws Exception {
        session(signed(SIGNING_KEY, b -> b.audience("someone-else"))).isProblem(401, "unauthenticated");
    }

    @Test
    void an_expired_token_is_rejected() throws Exception {
        session(signed(SIGNING_KEY, b -> b.expirationTime(Date.from(Instant.now().minusSeconds(120)))))
                .isProblem(401, "unauthenticated");
    }

    @Test
    void a_tampered_payload_is_rejected() throws Exception {
        String[] parts = signed(SIGNING_KEY, b -> b.claim("roles", List.of("USER"))).split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims().build().toString().getBytes());
        session(parts[0] + "." + forgedPayload + "." + parts[2]).isProblem(401, "unauthenticated");
    }

    @Test
    void garbage_in_the_header_is_rejected() {
        session("not-a-jwt").isProblem(401, "unauthenticated");
    }
}
