package dev.skyport.identity.adapter.crypto;

import dev.skyport.identity.application.SecondFactorKeys;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * TOTP secrets sealed with AES-256-GCM (a fresh random 96-bit nonce each time, the secret's context, its person, as
 * associated data, so a sealed value moved to another person's item fails to open), recovery codes hashed with
 * HMAC-SHA256. Both keys are derived from one key material (HMAC-SHA256 of the material over a label per use), which
 * lives in Secrets Manager, never in the table: a copy of the users table opens nothing and tests no guess. A sealed
 * value is {@code v1.<base64url(nonce | ciphertext | tag)>}; the version names the key, for a rotation to come.
 */
@Singleton
@Requires(beans = SecondFactorKeyMaterial.class)
public class AesGcmSecondFactorKeys implements SecondFactorKeys {

    private static final String VERSION = "v1.";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MIN_MATERIAL = 32;

    private final SecretKeySpec sealing;
    private final SecretKeySpec hashing;
    private final SecureRandom random = new SecureRandom();

    public AesGcmSecondFactorKeys(SecondFactorKeyMaterial source) {
        byte[] material = source.material();
        if (material.length < MIN_MATERIAL) {
            throw new IllegalStateException("the second-factor key material must be at least " + MIN_MATERIAL
                    + " bytes of randomness");
        }
        this.sealing = new SecretKeySpec(derive(material, "skyport totp secret sealing v1"), "AES");
        this.hashing = new SecretKeySpec(derive(material, "skyport recovery code hashing v1"), "HmacSHA256");
        Arrays.fill(material, (byte) 0);
    }

    @Override
    public String seal(byte[] secret, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealing, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret);
            return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is in every JRE", e);
        }
    }

    @Override
    public byte[] open(String sealed, String context) {
        if (sealed == null || !sealed.startsWith(VERSION)) {
            throw new IllegalStateException("a sealed second-factor secret of an unknown version");
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(sealed.substring(VERSION.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealing, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // Never the value, nor the cause's message: only that it does not open here.
            throw new IllegalStateException("a sealed second-factor secret does not open with this key and context");
        }
    }

    @Override
    public String recoveryCodeHash(String normalizedCode) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hashing);
            return HexFormat.of().formatHex(mac.doFinal(normalizedCode.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is in every JRE", e);
        }
    }

    private static byte[] derive(byte[] material, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(material, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is in every JRE", e);
        }
    }
}
