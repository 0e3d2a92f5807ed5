package dev.skyport.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.testing.ShadedJar;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar that CDK deploys starts on its own with only the settings CDK gives this function (public token
 * keys, the state machine and the log group) and answers a request with the Lambda handler.
 */
class ShadedJarSmokeIT {

    @Test
    void the_shaded_lambda_jar_starts_and_answers() throws Exception {
        Map<String, String> env = ShadedJar.lambdaLikeEnvironment();
        env.put("SKYPORT_TABLES_CLUSTERS", "skyport-clusters");
        env.put("SKYPORT_TABLES_CLOUD_ACCOUNTS", "skyport-cloud-accounts");
        env.put("SKYPORT_CLUSTERS_WORKFLOW_STATE_MACHINE_ARN",
                "arn:aws:states:us-east-1:123456789012:stateMachine:SkyportProvisioning");
        env.put("SKYPORT_CLUSTERS_WORKFLOW_LOG_GROUP", "/skyport/terraform");
        assertThat(env.keySet()).noneMatch(name -> name.startsWith("SKYPORT_SECURITY_SIGNING"));
        String output = ShadedJar.get(Path.of("target/skyport-clusters-lambda.jar"),
                ClustersHandler.class.getName(), "/clusters", env);
        assertThat(output).contains("status=401").contains("https://skyport.dev/problems/unauthenticated");
    }
}
