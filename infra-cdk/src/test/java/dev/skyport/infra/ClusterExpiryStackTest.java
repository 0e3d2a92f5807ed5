package dev.skyport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.clusters.config.ClustersSettings;
import dev.skyport.platform.config.EnvironmentNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/**
 * The clusters' expiry in the API stack: Skyport's own schedule group, the role EventBridge Scheduler invokes the
 * expiry function with (that function and its dead-letter queue only), the stream consumer that keeps the schedules
 * (only schedules of that group, and the scheduler role passed to the scheduler only), and the hourly backstop sweep.
 */
class ClusterExpiryStackTest extends SynthesizedStacks {

    private static final String EXPIRY = "dev.skyport.clusters.ClusterExpiryHandler";
    private static final String KEEPER = "dev.skyport.clusters.ExpiryScheduleHandler";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    private static String roleId(String prefix) {
        return api.findResources("AWS::IAM::Role").keySet().stream().filter(id -> id.startsWith(prefix))
                .findFirst().orElseThrow(() -> new AssertionError("no role " + prefix));
    }

    private static String expiryAlias() {
        return logicalId(stacks.api().clusters().expirySweep().live());
    }

    @Test
    void the_schedules_live_in_a_group_of_skyports_own() {
        Map<String, Map<String, Object>> groups = api.findResources("AWS::Scheduler::ScheduleGroup");
        assertThat(groups).hasSize(1);
        String name = String.valueOf(properties(groups.values().iterator().next()).get("Name"));
        assertThat(name).isEqualTo("SkyportApi-cluster-expiry").matches("[0-9a-zA-Z-_.]{1,64}");
        Map<String, Object> env = environmentOf(KEEPER);
        assertThat(env).containsEntry(EnvironmentNames.of(ClustersSettings.EXPIRY_SCHEDULES_GROUP), name);
        assertThat(String.valueOf(env.get(EnvironmentNames.of(ClustersSettings.EXPIRY_SCHEDULES_TARGET_ARN))))
                .contains(expiryAlias());
        assertThat(String.valueOf(env.get(EnvironmentNames.of(ClustersSettings.EXPIRY_SCHEDULES_ROLE_ARN))))
                .contains(roleId("ClustersExpirySchedulerRole"));
        assertThat(String.valueOf(env.get(EnvironmentNames.of(ClustersSettings.EXPIRY_SCHEDULES_DEAD_LETTER_ARN))))
                .contains(queueId("ClustersExpiryWakeUpDeadLetters"));
    }

    @Test
    void the_scheduler_role_may_only_invoke_the_expiry_function_and_write_its_dead_letters() {
        String role = roleId("ClustersExpirySchedulerRole");
        Map<String, Object> trust = properties(api.findResources("AWS::IAM::Role").get(role));
        assertThat(String.valueOf(trust.get("AssumeRolePolicyDocument"))).contains("scheduler.amazonaws.com")
                .contains("aws:SourceAccount");
        assertThat(trust).doesNotContainKey("ManagedPolicyArns");
        Map<String, Object> policy = policyOf("ClustersExpirySchedulerRole");
        List<Map<String, Object>> invokes = statementsWith(policy, "lambda:InvokeFunction");
        assertThat(invokes).hasSize(1);
        assertThat(actions(invokes.getFirst())).containsExactly("lambda:InvokeFunction");
        assertThat(String.valueOf(invokes.getFirst().get("Resource"))).isEqualTo("{Ref=" + expiryAlias() + "}");
        assertThat(statementsWith(policy, "sqs:SendMessage")).singleElement().satisfies(statement ->
                assertThat(String.valueOf(statement.get("Resource"))).contains(
                        queueId("ClustersExpiryWakeUpDeadLetters")));
        String everything = String.valueOf(properties(policy).get("PolicyDocument"));
        assertThat(everything).doesNotContain("dynamodb").doesNotContain("states:").doesNotContain("\"*\"");
    }

    @Test
    void the_schedules_keeper_writes_only_the_groups_schedules_and_passes_only_the_scheduler_role() {
        Map<String, Object> policy = policyOf("ClustersExpirySchedulesRole");
        List<Map<String, Object>> schedules = statementsWith(policy, "scheduler:");
        assertThat(schedules).singleElement().satisfies(statement -> {
            assertThat(actions(statement)).containsExactlyInAnyOrder("scheduler:GetSchedule",
                    "scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule");
            assertThat(String.valueOf(statement.get("Resource"))).contains(":schedule/SkyportApi-cluster-expiry/*");
        });
        assertThat(statementsWith(policy, "iam:PassRole")).singleElement().satisfies(statement -> {
            assertThat(String.valueOf(statement.get("Resource"))).contains(roleId("ClustersExpirySchedulerRole"));
            assertThat(statement.get("Condition")).isEqualTo(Map.of("StringEquals",
                    Map.of("iam:PassedToService", "scheduler.amazonaws.com")));
        });
        assertThat(statementsWith(policy, "dynamodb:PutItem")).isEmpty();
        assertThat(statementsWith(policy, "lambda:InvokeFunction")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_keeper_hears_changes_of_cluster_items_and_new_notices_removals_included_with_an_alarmed_dlq()
            throws Exception {
        String keeper = logicalId(stacks.api().clusters().expirySchedules().live());
        Map<String, Object> mapping = api.findResources("AWS::Lambda::EventSourceMapping").values().stream()
                .map(ClusterExpiryStackTest::properties)
                .filter(m -> String.valueOf(m.get("FunctionName")).contains(keeper)).findFirst().orElseThrow();
        assertThat(String.valueOf(mapping.get("EventSourceArn"))).contains("ClustersTable").contains("StreamArn");
        assertThat(mapping).containsEntry("StartingPosition", "TRIM_HORIZON")
                .containsEntry("FunctionResponseTypes", List.of("ReportBatchItemFailures"))
                .containsEntry("BisectBatchOnFunctionError", true);
        assertThat(String.valueOf(mapping.get("DestinationConfig")))
                .contains(queueId("ClustersExpiryStreamDeadLetters"));
        List<Map<String, Object>> filters = (List<Map<String, Object>>) ((Map<String, Object>)
                mapping.get("FilterCriteria")).get("Filters");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(filters).singleElement().satisfies(filter -> assertThat(json.readTree((String) filter.get(
                "Pattern"))).isEqualTo(json.readTree("{\"eventName\":[\"INSERT\",\"MODIFY\",\"REMOVE\"],"
                + "\"dynamodb\":{\"Keys\":{\"sk\":{\"S\":[{\"prefix\":\"CLUSTER#\"},{\"prefix\":\"EXPIRY#\"}]}}}}")));
    }

    @Test
    void the_sweep_is_an_hourly_backstop() {
        api.hasResourceProperties("AWS::Events::Rule", Map.of("ScheduleExpression", "rate(1 hour)",
                "Targets", List.of(Match.objectLike(Map.of("Arn", Map.of("Ref", expiryAlias()))))));
        assertThat(api.findResources("AWS::Events::Rule").values()).noneSatisfy(rule -> {
            assertThat(String.valueOf(properties(rule).get("Targets"))).contains(expiryAlias());
            assertThat(properties(rule).get("ScheduleExpression")).isNotEqualTo("rate(1 hour)");
        });
    }
}
