package dev.skyport.notifications.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature: HMAC-SHA256, keyed with the base64-decoded part of a {@code whsec_} secret, over
 * {@code <webhook-id>.<webhook-timestamp>.<body>}, written {@code v1,<base64>}; several secrets give several
 * signatures, separated by spaces.
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    public static String header(List<String> secrets, String id, long timestampSeconds, String body) {
        return secrets.stream().map(secret -> "v1," + sign(secret, id, timestampSeconds, body))
                .collect(Collectors.joining(" "));
    }

    static String sign(String secret, String id, long timestampSeconds, String body) {
        String encoded = secret.startsWith(SigningSecrets.PREFIX) ? secret.substring(SigningSecrets.PREFIX.length())
                : secret;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(encoded), "HmacSHA256"));
            byte[] signed = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
