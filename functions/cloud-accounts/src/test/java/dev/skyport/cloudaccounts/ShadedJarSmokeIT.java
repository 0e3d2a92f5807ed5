package dev.skyport.cloudaccounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.testing.DynamoDbLocalFixture;
import dev.skyport.testing.ShadedJar;
import dev.skyport.testing.SkyportTestProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar that CDK deploys (with the Azure and Google SDKs inside) starts on its own, with only the settings
 * CDK gives this function (public token keys only: no private key), and answers a request with the Lambda handler.
 */
class ShadedJarSmokeIT {

    private static Map<String, String> environment() {
        Map<String, String> env = ShadedJar.lambdaLikeEnvironment();
        env.put("SKYPORT_TABLES_CLOUD_ACCOUNTS", "skyport-cloud-accounts");
        assertThat(env.keySet()).noneMatch(name -> name.startsWith("SKYPORT_SECURITY_SIGNING"));
        return env;
    }

    @Test
    void the_shaded_lambda_jar_starts_and_answers() throws Exception {
        String output = ShadedJar.get(Path.of("target/skyport-cloud-accounts-lambda.jar"),
                CloudAccountsHandler.class.getName(), "/cloud-accounts", environment());
        assertThat(output).contains("status=401").contains("https://skyport.dev/problems/unauthenticated");
    }

    @Test
    void with_public_keys_only_it_accepts_a_token_signed_by_the_identity_functions() throws Exception {
        Instant now = Instant.now();
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .keyID(SkyportTestProperties.CURRENT_KEY.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject("user-1").claim("username", "alice").claim("roles", List.of("USER"))
                        .issuer("https://skyport.dev").audience("skyport-api").issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5)))).build());
        token.sign(new ECDSASigner(SkyportTestProperties.CURRENT_KEY));
        Map<String, String> env = environment();
        TableNames tables = DynamoDbLocalFixture.freshTables();
        env.put("SKYPORT_AWS_ENDPOINTS_DYNAMODB", DynamoDbLocalFixture.endpoint().toString());
        env.put("SKYPORT_TABLES_CLOUD_ACCOUNTS", tables.getCloudAccounts());
        env.put("SKYPORT_PROBE_AUTHORIZATION", "Bearer " + token.serialize());
        String output = ShadedJar.get(Path.of("target/skyport-cloud-accounts-lambda.jar"),
                CloudAccountsHandler.class.getName(), "/cloud-accounts/aws/external-id", env);
        assertThat(output).contains("status=200").contains("\"external_id\":\"skyport-").doesNotContain("unauthenticated");
    }
}
