package dev.skyport.identity.adapter.crypto;

import dev.skyport.identity.application.SecondFactorKeys;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * TOTP secrets sealed with AES-256-GCM (a fresh random 96-bit nonce each time, the secret's context, its person, as
 * associated data, so a sealed value moved to another person's item fails to open), recovery codes hashed with
 * HMAC-SHA256. Both keys are derived from one key material (HMAC-SHA256 of the material over a label per use), which
 * lives in Secrets Manager, never in the table: a copy of the users table opens nothing and tests no guess.
 * <p>
 * Key versions, for rotation: the material is either one random string (version {@code v1}), or a comma-separated
 * list {@code v3:<material>,v2:<material>,v1:<material>}, the current version first. A sealed value is
 * {@code <version>.<base64url(nonce | ciphertext | tag)>}: it is sealed under the current version and opens under
 * whichever version it names, as long as that version is still listed; recovery codes are hashed under the current
 * version and found under any listed one. docs/operations.md has the procedure.
 */
@Singleton
@Requires(beans = SecondFactorKeyMaterial.class)
public class AesGcmSecondFactorKeys implements SecondFactorKeys {

    /** Listed versions: {@code v2:<material>,v1:<material>}, printable, no spaces or commas in a material. */
    private static final Pattern LISTED = Pattern.compile(
            "v[1-9][0-9]{0,3}:[!-+\\--~]+(\\s*,\\s*v[1-9][0-9]{0,3}:[!-+\\--~]+)*");
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MIN_MATERIAL = 32;

    /** The keys of one version. */
    private record Keys(SecretKeySpec sealing, SecretKeySpec hashing) {
    }

    /** Every listed version's keys, the current one first. */
    private final Map<String, Keys> versions;
    /** The listed versions in their order, current first. */
    private final List<String> order;
    private final String current;
    /** One key's material as text: what Secrets Manager generates (letters and digits), or base64. */
    private static final Pattern ONE_MATERIAL = Pattern.compile("[A-Za-z0-9+/=_-]{32,}");
    private final SecureRandom random = new SecureRandom();

    public AesGcmSecondFactorKeys(SecondFactorKeyMaterial source) {
        this(source, List.of());
    }

    /** @param expected the versions the material must list, in its order; empty when not said */
    @Inject
    public AesGcmSecondFactorKeys(SecondFactorKeyMaterial source, SecondFactorKeySettings settings) {
        this(source, settings.expectedVersions());
    }

    private AesGcmSecondFactorKeys(SecondFactorKeyMaterial source, List<String> expected) {
        byte[] material = source.material();
        Map<String, Keys> parsed = new LinkedHashMap<>();
        String text = new String(material, StandardCharsets.US_ASCII).strip();
        boolean printable = text.chars().allMatch(c -> c >= ' ' && c <= '~');
        if (printable && text.matches("v[0-9].*") && (text.contains(":") || text.contains(","))
                && !LISTED.matcher(text).matches()) {
            throw new IllegalStateException("the second-factor key material looks like a list of versions but is not"
                    + " v2:<material>,v1:<material> (current first, no spaces inside a material)");
        }
        if (printable && !LISTED.matcher(text).matches() && !ONE_MATERIAL.matcher(text).matches()) {
            // JSON from the console's key/value editor, "V2:..." and the like: taken as one key, it would seal new
            // secrets under a key nobody meant, labelled v1.
            throw new IllegalStateException("the second-factor key material is neither one key (32 or more letters,"
                    + " digits and -_+/=, or raw bytes) nor a list v2:<material>,v1:<material>");
        }
        if (!LISTED.matcher(text).matches()) {
            // One material, as before versions existed (random bytes, or the text Secrets Manager generated): v1.
            parsed.put("v1", keysOf(material));
        } else {
            for (String entry : text.split(",")) {
                String version = entry.substring(0, entry.indexOf(':')).strip();
                byte[] bytes = entry.substring(entry.indexOf(':') + 1).strip().getBytes(StandardCharsets.US_ASCII);
                if (parsed.put(version, keysOf(bytes)) != null) {
                    throw new IllegalStateException("the second-factor key material lists " + version + " twice");
                }
                Arrays.fill(bytes, (byte) 0);
            }
        }
        Arrays.fill(material, (byte) 0);
        this.versions = Map.copyOf(parsed);
        this.order = List.copyOf(parsed.keySet());
        this.current = order.getFirst();
        if (!expected.isEmpty() && !expected.equals(order)) {
            throw new IllegalStateException("the second-factor key material lists " + order + " but "
                    + SecondFactorKeySettings.KEY_VERSIONS + " says " + expected + ": finish the rotation's step");
        }
    }

    private static Keys keysOf(byte[] material) {
        if (material.length < MIN_MATERIAL) {
            throw new IllegalStateException("the second-factor key material must be at least " + MIN_MATERIAL
                    + " bytes of randomness per version");
        }
        // The labels are the same for every version (v1's, as they always were): the material tells versions apart.
        return new Keys(new SecretKeySpec(derive(material, "skyport totp secret sealing v1"), "AES"),
                new SecretKeySpec(derive(material, "skyport recovery code hashing v1"), "HmacSHA256"));
    }

    @Override
    public String seal(byte[] secret, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, versions.get(current).sealing(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret);
            return current + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is in every JRE", e);
        }
    }

    @Override
    public byte[] open(String sealed, String context) {
        Keys keys = sealed == null ? null : versions.get(versionOf(sealed));
        if (keys == null) {
            throw new IllegalStateException("a sealed second-factor secret of a key version not held here");
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(sealed.substring(sealed.indexOf('.') + 1));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, keys.sealing(), new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // Never the value, nor the cause's message: only that it does not open here.
            throw new IllegalStateException("a sealed second-factor secret does not open with this key and context");
        }
    }

    @Override
    public boolean sealedUnderCurrentKey(String sealed) {
        return current.equals(versionOf(sealed));
    }

    @Override
    public String recoveryCodeHash(String normalizedCode) {
        return hash(versions.get(current), normalizedCode);
    }

    @Override
    public List<String> recoveryCodeHashes(String normalizedCode) {
        return order.stream().map(version -> hash(versions.get(version), normalizedCode)).toList();
    }

    private static String versionOf(String sealed) {
        int dot = sealed.indexOf('.');
        return dot < 0 ? "" : sealed.substring(0, dot);
    }

    private static String hash(Keys keys, String normalizedCode) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(keys.hashing());
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
