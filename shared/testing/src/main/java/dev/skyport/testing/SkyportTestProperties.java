package dev.skyport.testing;

import dev.skyport.platform.dynamodb.TableNames;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** The properties that point a Skyport application context at the local engines of a test. */
public final class SkyportTestProperties {

    public static final byte[] SIGNING_KEY = "skyport-test-signing-key-0123456789abcdef".getBytes();
    public static final String ADMIN_EMAIL = "boss@example.com";

    private SkyportTestProperties() {
    }

    /** Fresh tables on DynamoDB Local, e-mail through the given local SES endpoint, a fixed signing key. */
    public static Map<String, String> forApp(LocalSesServer ses) {
        TableNames tables = DynamoDbLocalFixture.freshTables();
        Map<String, String> properties = new HashMap<>(DynamoDbLocalFixture.properties(tables));
        properties.put("skyport.aws.endpoints.ses", ses.endpoint().toString());
        properties.put("skyport.mail.sender", "noreply@skyport.test");
        properties.put("skyport.security.signing-key", Base64.getEncoder().encodeToString(SIGNING_KEY));
        properties.put("skyport.admin-emails", ADMIN_EMAIL);
        return properties;
    }
}
