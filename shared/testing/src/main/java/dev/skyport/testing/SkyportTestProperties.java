package dev.skyport.testing;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import dev.skyport.platform.dynamodb.TableNames;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The properties that point a Skyport application context at the local engines of a test. */
public final class SkyportTestProperties {

    /** The test key that signs new tokens (the first of the private set). Fixed, so tokens survive a restart. */
    public static final ECKey CURRENT_KEY = key("""
            {"kty":"EC","d":"KYT_4SM6SZ2FVO17mAYCZy64hg2JVu_kNRcFy1b6z6o","use":"sig","crv":"P-256",\
            "kid":"skyport-test-current","x":"AXT0_PfPyS1d2FoaEbN-oaDxQl_62UCm7ha5a0f2KCc",\
            "y":"PXW423RkB-nTH0Iyls1UtiFojlQb8jmQ0__rLz2lIks","alg":"ES256"}""");
    /** The test key that signed before the last rotation: its tokens still verify, it signs nothing new. */
    public static final ECKey PREVIOUS_KEY = key("""
            {"kty":"EC","d":"gC8WwfPMCRxrfo5HcVF1cyLVEnRiNN5LbPHzr9L6UZc","use":"sig","crv":"P-256",\
            "kid":"skyport-test-previous","x":"i2EWcN2ds2x92daKYak1c91kbuMCmzBP6AlQDMI_Mug",\
            "y":"sDBHtJCUxiHEEAk_qkzgjDCJa8uKjizTlppqqkicNlI","alg":"ES256"}""");
    /** The private JWK set of the token-issuing functions (auth, accounts): current, then previous. */
    public static final String SIGNING_KEYS = new JWKSet(List.of(CURRENT_KEY, PREVIOUS_KEY)).toString(false);
    /** The public JWK set every function verifies with. */
    public static final String VERIFICATION_KEYS = new JWKSet(List.of(CURRENT_KEY, PREVIOUS_KEY)).toString(true);
    public static final String ADMIN_EMAIL = "boss@example.com";
    /** The test key material that seals TOTP secrets and hashes recovery codes (a deployment's is in Secrets Manager). */
    public static final String MFA_KEY = "skyport-test-second-factor-key-material-0123456789";

    private SkyportTestProperties() {
    }

    /**
     * Fresh tables on DynamoDB Local, e-mail through the given local SES endpoint (sent by the in-process mail queue's
     * worker), the fixed test keys.
     */
    public static Map<String, String> forApp(LocalSesServer ses) {
        TableNames tables = DynamoDbLocalFixture.freshTables();
        Map<String, String> properties = new HashMap<>(DynamoDbLocalFixture.properties(tables));
        properties.put("skyport.aws.endpoints.ses", ses.endpoint().toString());
        properties.put("skyport.mail.sender", "noreply@skyport.test");
        properties.putAll(tokenKeys());
        properties.put("skyport.admin-emails", ADMIN_EMAIL);
        // mail work off the request path, in process (a test with an SQS endpoint sets skyport.mail-queue.url)
        properties.put("skyport.mail-queue.in-process", "true");
        return properties;
    }

    /** The private and public test key sets, as a token-issuing function (auth, accounts) is given them. */
    public static Map<String, String> tokenKeys() {
        return Map.of("skyport.security.signing-keys", SIGNING_KEYS,
                "skyport.security.verification-keys", VERIFICATION_KEYS, "skyport.mfa.key", MFA_KEY);
    }

    private static ECKey key(String json) {
        try {
            return ECKey.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
