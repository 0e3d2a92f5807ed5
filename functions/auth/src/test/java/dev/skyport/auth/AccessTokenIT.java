package dev.skyport.auth;

import static dev.skyport.testing.SkyportTestProperties.CURRENT_KEY;
import static dev.skyport.testing.SkyportTestProperties.PREVIOUS_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.skyport.testing.ApiClient.Reply;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Tokens an attacker could forge or replay are refused with 401 (RFC 8725: one algorithm, ES256, keys chosen by
 * kid, exp required, nbf and iat checked); well-formed ones, signed by the current or the previous key, are accepted.
 */
@MicronautTest
class AccessTokenIT extends AuthApiTestBase {

    private JWTClaimsSet.Builder claims() {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder().subject("user-1").claim("username", "mallory")
                .claim("roles", List.of("USER", "ADMIN")).issuer("https://skyport.dev").audience("skyport-api")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
    }

    private String signed(JWSAlgorithm algorithm, String kid, JWSSigner signer,
                          UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(kid).build(),
                change.apply(claims()).build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    private String signed(ECKey key, UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        return signed(JWSAlgorithm.ES256, key.getKeyID(), new ECDSASigner(key), change);
    }

    private Reply session(String token) {
        return get("/auth/session", "Authorization", "Bearer " + token);
    }

    @Test
    void a_token_signed_with_the_current_key_and_right_claims_is_accepted() throws Exception {
        Reply reply = session(signed(CURRENT_KEY, b -> b));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("username").asText()).isEqualTo("mallory");
    }

    @Test
    void a_token_signed_with_the_previous_key_still_verifies() throws Exception {
        assertThat(session(signed(PREVIOUS_KEY, b -> b)).status()).isEqualTo(200);
    }

    @Test
    void login_signs_with_the_current_key_es256_and_names_it_by_kid() throws Exception {
        String access = verifiedUserLogsIn("kid@example.com", "kiddo").path("access_token").asText();
        JWSHeader header = SignedJWT.parse(access).getHeader();
        assertThat(header.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(header.getKeyID()).isEqualTo(CURRENT_KEY.getKeyID());
        assertThat(session(access).status()).isEqualTo(200);
    }

    @Test
    void a_token_with_alg_none_is_rejected() {
        String unsigned = new PlainJWT(claims().build()).serialize();
        session(unsigned).isProblem(401, "unauthenticated");
    }

    @Test
    void an_hs256_token_keyed_with_the_public_key_is_rejected() throws Exception {
        // The classic confusion attack: HMAC with the published key as the secret, under the real kid.
        byte[] publicKey = CURRENT_KEY.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        session(signed(JWSAlgorithm.HS256, CURRENT_KEY.getKeyID(), new MACSigner(publicKey), b -> b))
                .isProblem(401, "unauthenticated");
        byte[] encoded = CURRENT_KEY.toECPublicKey().getEncoded();
        session(signed(JWSAlgorithm.HS256, CURRENT_KEY.getKeyID(), new MACSigner(encoded), b -> b))
                .isProblem(401, "unauthenticated");
    }

    @Test
    void an_rs256_token_is_rejected() throws Exception {
        var rsa = new RSAKeyGenerator(2048).keyID(CURRENT_KEY.getKeyID()).generate();
        session(signed(JWSAlgorithm.RS256, rsa.getKeyID(), new RSASSASigner(rsa), b -> b))
                .isProblem(401, "unauthenticated");
    }

    @Test
    void a_token_signed_by_an_unknown_key_under_a_known_kid_is_rejected() throws Exception {
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(CURRENT_KEY.getKeyID()).generate();
        session(signed(stranger, b -> b)).isProblem(401, "unauthenticated");
    }

    @Test
    void a_token_with_an_unknown_kid_is_rejected() throws Exception {
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("someone-elses-key").generate();
        session(signed(stranger, b -> b)).isProblem(401, "unauthenticated");
    }

    @Test
    void a_token_without_kid_is_rejected() throws Exception {
        session(signed(JWSAlgorithm.ES256, null, new ECDSASigner(CURRENT_KEY), b -> b))
                .isProblem(401, "unauthenticated");
    }

    @Test
    void a_token_without_exp_is_rejected() throws Exception {
        session(signed(CURRENT_KEY, b -> b.expirationTime(null))).isProblem(401, "unauthenticated");
    }

    @Test
    void a_token_not_valid_before_a_future_time_is_rejected() throws Exception {
        Date later = Date.from(clock.instant().plus(Duration.ofMinutes(2)));
        session(signed(CURRENT_KEY, b -> b.notBeforeTime(later))).isProblem(401, "unauthenticated");
    }

    @Test
    void a_token_issued_in_the_future_is_rejected() throws Exception {
        Date later = Date.from(clock.instant().plus(Duration.ofMinutes(2)));
        session(signed(CURRENT_KEY, b -> b.issueTime(later))).isProblem(401, "unauthenticated");
    }

    @Test
    void a_few_seconds_of_clock_difference_are_tolerated() throws Exception {
        Instant now = clock.instant();
        Reply reply = session(signed(CURRENT_KEY, b -> b.issueTime(Date.from(now.plusSeconds(10)))
                .notBeforeTime(Date.from(now.plusSeconds(10)))));
        assertThat(reply.status()).isEqualTo(200);
        Reply justExpired = session(signed(CURRENT_KEY, b -> b.issueTime(Date.from(now.minusSeconds(300)))
                .expirationTime(Date.from(now.minusSeconds(10)))));
        assertThat(justExpired.status()).isEqualTo(200);
    }

    @Test
    void a_token_from_another_issuer_is_rejected() throws Exception {
        session(signed(CURRENT_KEY, b -> b.issuer("https://evil.example"))).isProblem(401, "unauthenticated");
    }

    @Test
    void a_token_for_another_audience_is_rejected() throws Exception {
        session(signed(CURRENT_KEY, b -> b.audience("someone-else"))).isProblem(401, "unauthenticated");
    }

    @Test
    void an_expired_token_is_rejected_saying_it_expired_and_how_to_get_another() throws Exception {
        Reply expired = session(signed(CURRENT_KEY, b -> b.expirationTime(Date.from(clock.instant()
                .minusSeconds(120)))));
        expired.isProblem(401, "token-expired");
        assertThat(expired.json().path("detail").asText()).contains("expired").contains("POST /auth/refresh");
    }

    @Test
    void an_expired_token_not_signed_by_our_key_is_told_nothing_about_its_expiry() throws Exception {
        Date past = Date.from(clock.instant().minusSeconds(120));
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(CURRENT_KEY.getKeyID()).generate();
        String[] ours = signed(CURRENT_KEY, b -> b.expirationTime(past)).split("\\.");
        String tampered = ours[0] + "." + Base64URL.encode(claims().expirationTime(past).subject("user-2").build()
                .toString()) + "." + ours[2];
        for (String token : List.of(signed(stranger, b -> b.expirationTime(past)),
                new PlainJWT(claims().expirationTime(past).build()).serialize(), tampered,
                signed(JWSAlgorithm.ES256, "someone-elses-key", new ECDSASigner(stranger),
                        b -> b.expirationTime(past)))) {
            Reply refused = session(token);
            refused.isProblem(401, "unauthenticated");
            assertThat(refused.json().path("detail").asText()).doesNotContain("expired");
        }
    }

    @Test
    void a_tampered_payload_is_rejected() throws Exception {
        String[] parts = signed(CURRENT_KEY, b -> b.claim("roles", List.of("USER"))).split("\\.");
        String forgedPayload = Base64URL.encode(claims().build().toString()).toString();
        session(parts[0] + "." + forgedPayload + "." + parts[2]).isProblem(401, "unauthenticated");
    }

    @Test
    void garbage_in_the_header_is_rejected() {
        session("not-a-jwt").isProblem(401, "unauthenticated");
    }
}
