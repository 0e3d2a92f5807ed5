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
import dev.skyport.simulated.LoopbackHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
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
    /** Who signs in through the authorization endpoint (there is no one to ask). */
    public static final String SIGN_IN_SUBJECT = "108000000000000000001";
    public static final String SIGN_IN_EMAIL = "grace.google@example.com";

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
        // The OpenID Connect implicit flow a browser takes: refused as Google refuses a request it cannot serve.
        server.createContext("/o/oauth2/v2/auth", exchange -> {
            Map<String, String> query = LoopbackHttp.decode(exchange.getRequestURI().getRawQuery());
            String redirect = query.getOrDefault("redirect_uri", "");
            if (!CLIENT_ID.equals(query.get("client_id")) || !"id_token".equals(query.get("response_type"))
                    || !redirect.startsWith("http") || query.getOrDefault("nonce", "").isEmpty()
                    || !query.getOrDefault("scope", "").contains("openid")) {
                exchange.sendResponseHeaders(400, -1);
                exchange.close();
                return;
            }
            String token = idToken(SIGN_IN_SUBJECT, SIGN_IN_EMAIL,
                    claims -> claims.claim("nonce", query.get("nonce")));
            exchange.getResponseHeaders().add("Location", redirect + "#id_token=" + token + "&state="
                    + URLEncoder.encode(query.getOrDefault("state", ""), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
    }

    /** The properties that make Skyport trust this identity provider. */
    public Map<String, String> properties() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("skyport.google.client-id", CLIENT_ID, "skyport.google.jwks-url", base + "/oauth2/v3/certs",
                "skyport.google.authorization-url", base + "/o/oauth2/v2/auth");
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
