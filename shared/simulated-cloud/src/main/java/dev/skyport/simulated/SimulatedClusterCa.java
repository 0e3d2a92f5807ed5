package dev.skyport.simulated;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * A simulated cluster's API certificate authority, as the providers report a real one: base64 of the PEM of a
 * self-signed X.509 v3 CA certificate (EC P-256, ECDSA with SHA-256, basic constraints CA, key usage for signing
 * certificates), made in memory when asked for. Its private key is thrown away at once: nothing can be signed with
 * it, and there is no secret to keep. The JDK has no public API that writes a certificate, so its DER is written
 * here; the JDK's own {@code CertificateFactory} (and kubectl, openssl) read it back.
 */
public final class SimulatedClusterCa {

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Duration VALIDITY = Duration.ofDays(3650);
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String ORGANIZATION = "2.5.4.10";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] TRUE = {0x01, 0x01, (byte) 0xFF};

    private SimulatedClusterCa() {
    }

    /** Base64 of the PEM of a new CA certificate named {@code commonName}, valid from {@code now} for ten years. */
    public static String certificateAuthorityData(String commonName, Instant now) {
        return Base64.getEncoder().encodeToString(pem(commonName, now).getBytes(StandardCharsets.US_ASCII));
    }

    /** The PEM of a new self-signed CA certificate named {@code commonName}. */
    public static String pem(String commonName, Instant now) {
        byte[] der = certificate(commonName, now);
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    private static byte[] certificate(String commonName, Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair key = generator.generateKeyPair();
            byte[] algorithm = sequence(oid(ECDSA_WITH_SHA256));
            byte[] name = sequence(
                    set(sequence(oid(ORGANIZATION), utf8("Skyport simulated cloud"))),
                    set(sequence(oid(COMMON_NAME), utf8(commonName))));
            Instant notBefore = now.minus(Duration.ofMinutes(5));
            byte[] tbs = sequence(
                    tagged(0xA0, integer(BigInteger.TWO)), // v3
                    integer(new BigInteger(126, RANDOM).setBit(125)), // positive, 16 octets
                    algorithm,
                    name,
                    sequence(utcTime(notBefore), utcTime(notBefore.plus(VALIDITY))),
                    name,
                    key.getPublic().getEncoded(),
                    tagged(0xA3, sequence(
                            sequence(oid(BASIC_CONSTRAINTS), TRUE, octets(sequence(TRUE))),
                            // digitalSignature, keyEncipherment, keyCertSign (as kubeadm's CA): 10100100, 2 unused
                            sequence(oid(KEY_USAGE), TRUE, octets(tlv(0x03, new byte[] {2, (byte) 0xA4}))))));
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key.getPrivate());
            signer.update(tbs);
            return sequence(tbs, algorithm, bits(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has EC P-256 and SHA256withECDSA", e);
        }
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            byte[] digits = BigInteger.valueOf(length).toByteArray();
            int skip = digits[0] == 0 ? 1 : 0;
            out.write(0x80 | (digits.length - skip));
            out.write(digits, skip, digits.length - skip);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] sequence(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] tagged(int tag, byte[] inner) {
        return tlv(tag, inner);
    }

    private static byte[] integer(BigInteger value) {
        return tlv(0x02, value.toByteArray());
    }

    private static byte[] octets(byte[] value) {
        return tlv(0x04, value);
    }

    private static byte[] bits(byte[] value) {
        return tlv(0x03, concat(new byte[] {0}, value));
    }

    private static byte[] utf8(String text) {
        return tlv(0x0C, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] utcTime(Instant at) {
        return tlv(0x17, UTC_TIME.format(at).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long arc = Long.parseLong(arcs[i]);
            int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(arc) + 6) / 7);
            for (int group = groups - 1; group >= 0; group--) {
                int sevenBits = (int) ((arc >>> (7 * group)) & 0x7F);
                out.write(group == 0 ? sevenBits : sevenBits | 0x80);
            }
        }
        return tlv(0x06, out.toByteArray());
    }
}
