package dev.skyport.cloudaccounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.testing.ShadedJar;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar that CDK deploys (with the Azure and Google SDKs inside) starts on its own, with only the settings
 * CDK gives this function, and answers a request with the Lambda handler.
 */
class ShadedJarSmokeIT {

    @Test
    void the_shaded_lambda_jar_starts_and_answers() throws Exception {
        Map<String, String> env = ShadedJar.lambdaLikeEnvironment();
        env.put("SKYPORT_TABLES_CLOUD_ACCOUNTS", "skyport-cloud-accounts");
        String output = ShadedJar.get(Path.of("target/skyport-cloud-accounts-lambda.jar"),
                CloudAccountsHandler.class.getName(), "/cloud-accounts", env);
        assertThat(output).contains("status=401").contains("https://skyport.dev/problems/unauthenticated");
    }
}
