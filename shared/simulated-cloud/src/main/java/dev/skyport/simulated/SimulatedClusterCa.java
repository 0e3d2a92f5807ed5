package dev.skyport.simulated;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A simulated cluster's API certificate authority, as the providers report a real one: base64 of the PEM of a
 * self-signed X.509 v3 CA certificate (EC P-256, ECDSA with SHA-256, basic constraints CA, key usage for signing
 * certificates, as kubeadm's), made with Bouncy Castle when asked for. Its private key is thrown away at once:
 * nothing can be signed with it, and there is no secret to keep.
 */
public final class SimulatedClusterCa {

    private static final Duration VALIDITY = Duration.ofDays(3650);
    private static final SecureRandom RANDOM = new SecureRandom();

    private SimulatedClusterCa() {
    }

    /** Base64 of the PEM of a new CA certificate named {@code commonName}, valid from {@code now} for ten years. */
    public static String certificateAuthorityData(String commonName, Instant now) {
        return Base64.getEncoder().encodeToString(pem(commonName, now).getBytes(StandardCharsets.US_ASCII));
    }

    /** The PEM of a new self-signed CA certificate named {@code commonName}. */
    public static String pem(String commonName, Instant now) {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate(commonName, now))
                + "\n-----END CERTIFICATE-----\n";
    }

    private static byte[] certificate(String commonName, Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair key = generator.generateKeyPair();
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "Skyport simulated cloud").addRDN(BCStyle.CN, commonName).build();
            Instant notBefore = now.minus(Duration.ofMinutes(5));
            X509CertificateHolder certificate = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(126, RANDOM).setBit(125), Date.from(notBefore), Date.from(notBefore.plus(VALIDITY)),
                    name, key.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                            | KeyUsage.keyEncipherment | KeyUsage.keyCertSign))
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
            return certificate.getEncoded();
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("every JDK has EC P-256 and SHA256withECDSA", e);
        } catch (IOException e) {
            throw new UncheckedIOException("an in-memory certificate could not be encoded", e);
        }
    }
}
