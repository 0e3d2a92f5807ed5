package dev.skyport.testing;

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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Stands in for Google's identity platform: a locally generated RSA key pair whose public half is served as a
 * JWKS on loopback, and ID tokens signed with it (or, to test refusals, with a stranger's key of the same id).
 */
public final class LocalGoogleIdp implements AutoCloseable {

    public static final String CLIENT_ID = "skyport-test.apps.googleusercontent.com";

    private final RSAKey key = generate("google-key-1");
    private final RSAKey stranger = generate("google-key-1");
    private final HttpServer server;

    public LocalGoogleIdp() {
        String jwks = new JWKSet(key.toPublicJWK()).toString();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/oauth2/v3/certs", exchange -> {
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** The properties that make Skyport trust this identity provider. */
    public Map<String, String> properties() {
        return Map.of("skyport.google.client-id", CLIENT_ID,
                "skyport.google.jwks-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/oauth2/v3/certs");
    }

    /** A valid ID token for the subject and e-mail, changed by {@code change}. */
    public String idToken(String subject, String email, UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(key, change.apply(claims(subject, email)));
    }

    public String idToken(String subject, String email) {
        return idToken(subject, email, b -> b);
    }

    /** An otherwise valid ID token that Google's key did not sign. */
    public String forgedIdToken(String subject, String email) {
        return sign(stranger, claims(subject, email));
    }

    private static JWTClaimsSet.Builder claims(String subject, String email) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("https://accounts.google.com").audience(CLIENT_ID)
                .subject(subject).claim("email", email).claim("email_verified", true)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)));
    }

    private static String sign(RSAKey key, JWTClaimsSet.Builder claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims.build());
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

    @Override
    public void close() {
        server.stop(0);
    }
}
