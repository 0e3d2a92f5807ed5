package dev.skyport.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.platform.dynamodb.TableNames;
import dev.skyport.testing.DynamoDbLocalFixture;
import dev.skyport.testing.ShadedJar;
import dev.skyport.testing.TestAccessTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar that CDK deploys starts on its own with only the settings CDK gives this function (public token
 * keys, the state machine and the log group) and answers a request with the Lambda handler.
 */
class ShadedJarSmokeIT {

    /** A run that no cluster has as its current one. */
    private static final Map<String, String> A_RUN = Map.of("CLUSTER_ID", "7c9e6679-7425-40de-944b-e07fc1f90ae7",
            "RUN_ID", "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "OWNER_ID", "5f1c0d2e-3a4b-4c5d-8e9f-a0b1c2d3e4f5");

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

    /**
     * The workflow backstop starts from the same jar with only what CDK gives it (the two tables), every singleton
     * built as under SnapStart, and handles an execution that ended FAILED (its cluster is not there: nothing to mark).
     */
    @Test
    void the_workflow_backstop_starts_from_the_jar_with_its_own_settings_only() throws Exception {
        Map<String, String> env = ShadedJar.lambdaLikeEnvironment();
        env.remove("SKYPORT_SECURITY_VERIFICATION_KEYS");
        env.remove("SKYPORT_TABLES_USERS");
        TableNames tables = DynamoDbLocalFixture.freshTables();
        env.putAll(ShadedJar.asEnvironment(DynamoDbLocalFixture.properties(tables)));
        env.remove("SKYPORT_TABLES_USERS");
        env.remove("SKYPORT_TABLES_NOTIFICATIONS");
        env.remove("SKYPORT_TABLES_CONNECTIONS");
        String output = ShadedJar.event(Path.of("target/skyport-clusters-lambda.jar"),
                WorkflowBackstopHandler.class.getName(), "stepfunctions-execution-timed-out.json",
                A_RUN, env);
        assertThat(output).contains("response=\"unchanged\"");
    }

    /**
     * The expiry function starts from the same jar with what CDK gives it (the two tables, the state machine, the log
     * group), and reads a schedule's wake-up (events/scheduler-cluster-expiry-due.json) with the Lambda runtime's own
     * deserializer as one cluster's expiry: that cluster is not there, so nothing is done (not a sweep).
     */
    @Test
    void the_expiry_function_starts_from_the_jar_and_takes_a_schedules_wake_up_for_one_cluster() throws Exception {
        Map<String, String> env = ShadedJar.lambdaLikeEnvironment();
        env.remove("SKYPORT_SECURITY_VERIFICATION_KEYS");
        TableNames tables = DynamoDbLocalFixture.freshTables();
        env.putAll(ShadedJar.asEnvironment(DynamoDbLocalFixture.properties(tables)));
        for (String other : new String[] {"SKYPORT_TABLES_USERS", "SKYPORT_TABLES_NOTIFICATIONS",
                "SKYPORT_TABLES_CONNECTIONS"}) {
            env.remove(other);
        }
        env.put("SKYPORT_CLUSTERS_WORKFLOW_STATE_MACHINE_ARN",
                "arn:aws:states:us-east-1:123456789012:stateMachine:SkyportProvisioning");
        env.put("SKYPORT_CLUSTERS_WORKFLOW_LOG_GROUP", "/skyport/terraform");
        String output = ShadedJar.event(Path.of("target/skyport-clusters-lambda.jar"),
                ClusterExpiryHandler.class.getName(), "scheduler-cluster-expiry-due.json", A_RUN, env);
        assertThat(output).contains("response=\"nothing\"");
    }

    /**
     * The expiry schedules' keeper starts from the same jar with only the clusters table and its schedule settings,
     * every singleton built as under SnapStart, and reads a stream batch in which no cluster expires: no schedule.
     */
    @Test
    void the_expiry_schedules_keeper_starts_from_the_jar_with_its_own_settings_only() throws Exception {
        Map<String, String> env = ShadedJar.lambdaLikeEnvironment();
        env.remove("SKYPORT_SECURITY_VERIFICATION_KEYS");
        TableNames tables = DynamoDbLocalFixture.freshTables();
        env.putAll(ShadedJar.asEnvironment(DynamoDbLocalFixture.properties(tables)));
        for (String other : new String[] {"SKYPORT_TABLES_USERS", "SKYPORT_TABLES_NOTIFICATIONS",
                "SKYPORT_TABLES_CONNECTIONS", "SKYPORT_TABLES_CLOUD_ACCOUNTS"}) {
            env.remove(other);
        }
        env.put("SKYPORT_CLUSTERS_EXPIRY_SCHEDULES_GROUP_NAME", "SkyportApi-cluster-expiry");
        env.put("SKYPORT_CLUSTERS_EXPIRY_SCHEDULES_TARGET_ARN",
                "arn:aws:lambda:us-east-1:123456789012:function:SkyportApi-ClustersExpirySweep:live");
        env.put("SKYPORT_CLUSTERS_EXPIRY_SCHEDULES_ROLE_ARN",
                "arn:aws:iam::123456789012:role/SkyportApi-ClustersExpirySchedulerRole");
        env.put("SKYPORT_CLUSTERS_EXPIRY_SCHEDULES_DEAD_LETTER_ARN",
                "arn:aws:sqs:us-east-1:123456789012:SkyportApi-ExpiryWakeUpDeadLetters");
        String output = ShadedJar.event(Path.of("target/skyport-clusters-lambda.jar"),
                ExpiryScheduleHandler.class.getName(), "dynamodb-stream-clusters.json", Map.of(), env);
        assertThat(output).contains("batchItemFailures").doesNotContain("itemIdentifier");
    }

    /**
     * The workflow-report function starts from the same jar with only the clusters table, every singleton built as
     * under SnapStart, and answers a report of a run its cluster no longer has: nothing moved.
     */
    @Test
    void the_workflow_report_function_starts_from_the_jar_and_answers_a_report() throws Exception {
        Map<String, String> env = ShadedJar.lambdaLikeEnvironment();
        env.remove("SKYPORT_SECURITY_VERIFICATION_KEYS");
        TableNames tables = DynamoDbLocalFixture.freshTables();
        env.putAll(ShadedJar.asEnvironment(DynamoDbLocalFixture.properties(tables)));
        for (String other : new String[] {"SKYPORT_TABLES_USERS", "SKYPORT_TABLES_NOTIFICATIONS",
                "SKYPORT_TABLES_CONNECTIONS", "SKYPORT_TABLES_CLOUD_ACCOUNTS"}) {
            env.remove(other);
        }
        String output = ShadedJar.event(Path.of("target/skyport-clusters-lambda.jar"),
                WorkflowReportHandler.class.getName(), "workflow-report-started.json",
                A_RUN, env);
        assertThat(output).contains("response={\"moved\":false}");
    }

    /**
     * The run broker starts from the same jar with only what CDK gives it (no token keys, no state machine), every
     * singleton built as under SnapStart, and refuses a caller that is not the provisioning tasks' role.
     */
    @Test
    void the_run_broker_starts_from_the_jar_and_refuses_a_caller_of_another_role() throws Exception {
        Map<String, String> env = ShadedJar.lambdaLikeEnvironment();
        env.remove("SKYPORT_SECURITY_VERIFICATION_KEYS");
        env.remove("SKYPORT_TABLES_USERS");
        env.put("SKYPORT_TABLES_CLUSTERS", "skyport-clusters");
        env.put("SKYPORT_TABLES_CLOUD_ACCOUNTS", "skyport-cloud-accounts");
        env.put("SKYPORT_CLUSTERS_RUN_BROKER_ECS_CLUSTER", "arn:aws:ecs:eu-west-1:123456789012:cluster/skyport");
        env.put("SKYPORT_CLUSTERS_RUN_BROKER_TASK_FAMILY", "SkyportProvisioningTerraformTask");
        env.put("SKYPORT_CLUSTERS_RUN_BROKER_TASK_ROLE_ARN", "arn:aws:iam::123456789012:role/another-role");
        env.put("SKYPORT_CLUSTERS_RUN_BROKER_PLANS_BUCKET", "skyport-plans");
        String output = ShadedJar.event(Path.of("target/skyport-clusters-lambda.jar"),
                RunBrokerHandler.class.getName(), "run-broker-brief.json",
                Map.of("TASK_ID", "0123456789abcdef0123456789abcdef"), env);
        assertThat(output).contains("\"statusCode\":403").contains("not-a-run-task");
    }

    /**
     * The deployed jar binds a body through the API Gateway proxy's servlet binder (its classpath has no Netty, see
     * LambdaJarsIT), not the one an in-process handler test gets from the test classpath: a new cluster whose node
     * group's min_size is the text "3" is refused there, naming the field, before anything is looked up.
     */
    @Test
    void the_shaded_jar_refuses_a_body_of_the_wrong_json_type_naming_the_field() throws Exception {
        Map<String, String> env = ShadedJar.lambdaLikeEnvironment();
        env.putAll(ShadedJar.asEnvironment(DynamoDbLocalFixture.properties(DynamoDbLocalFixture.freshTables())));
        env.put("SKYPORT_SECURITY_SESSION_CHECK", "false");
        env.put("SKYPORT_CLUSTERS_WORKFLOW_STATE_MACHINE_ARN",
                "arn:aws:states:us-east-1:123456789012:stateMachine:SkyportProvisioning");
        env.put("SKYPORT_CLUSTERS_WORKFLOW_LOG_GROUP", "/skyport/terraform");
        String token = TestAccessTokens.sessionless(UUID.randomUUID().toString(), "ada", Instant.now(),
                Duration.ofMinutes(15));
        String output = ShadedJar.event(Path.of("target/skyport-clusters-lambda.jar"),
                ClustersHandler.class.getName(), "clusters-create-wrong-type.json",
                Map.of("ACCESS_TOKEN_FROM_LOGIN", token, "IDEMPOTENCY_KEY", UUID.randomUUID().toString(),
                        "CLOUD_ACCOUNT_ID", UUID.randomUUID().toString()), env);
        assertThat(output).contains("\"statusCode\":400").contains("problems/malformed-request")
                .contains("node_groups[0].min_size must be an integer");
    }
}
