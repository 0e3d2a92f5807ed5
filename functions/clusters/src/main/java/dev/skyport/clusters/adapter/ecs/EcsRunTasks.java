package dev.skyport.clusters.adapter.ecs;

import dev.skyport.clusters.application.RunTasks;
import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.Run;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.UserId;
import dev.skyport.kernel.UuidText;
import dev.skyport.platform.aws.AwsClientFactory;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerOverride;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * The provisioning tasks as ECS knows them: DescribeTasks on Skyport's cluster, and the environment the workflow
 * gave the Terraform container when it started the task (the run protocol's input and its task token). A task of
 * another family or cluster, or one that is stopping or asked to stop, is none of the workflow's runs.
 */
@Singleton
@Requires(property = RunBrokerSettings.ECS_CLUSTER)
public class EcsRunTasks implements RunTasks {

    private static final Logger LOG = LoggerFactory.getLogger(EcsRunTasks.class);
    /** An ECS task id: 32 hexadecimal digits. */
    public static final Pattern TASK_ID = Pattern.compile("^[0-9a-f]{32}$");
    private static final Set<String> RUNNING = Set.of("PROVISIONING", "PENDING", "ACTIVATING", "RUNNING");

    private final BeanProvider<EcsClient> ecs;
    private final RunBrokerSettings settings;

    public EcsRunTasks(BeanProvider<EcsClient> ecs, RunBrokerSettings settings) {
        this.ecs = ecs;
        this.settings = settings;
    }

    @Override
    public Optional<RunTask> find(String taskId) {
        if (taskId == null || !TASK_ID.matcher(taskId).matches()) {
            return Optional.empty();
        }
        Optional<Task> found = ecs.get().describeTasks(b -> b.cluster(settings.cluster().orElseThrow())
                .tasks(taskId)).tasks().stream().findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Task task = found.get();
        String family = task.taskDefinitionArn() == null ? "" : task.taskDefinitionArn()
                .replaceFirst("^.*:task-definition/", "").replaceFirst(":\\d+$", "");
        if (!family.equals(settings.taskFamily()) || !RUNNING.contains(String.valueOf(task.lastStatus()))
                || !"RUNNING".equals(task.desiredStatus())) {
            LOG.warn("task {} is not a running provisioning task (family {}, status {})", taskId, family,
                    task.lastStatus());
            return Optional.empty();
        }
        Map<String, String> environment = task.overrides() == null ? Map.of() : task.overrides()
                .containerOverrides().stream()
                .filter(container -> settings.container().equals(container.name()))
                .map(ContainerOverride::environment).flatMap(java.util.List::stream)
                .filter(pair -> pair.name() != null && pair.value() != null)
                .collect(Collectors.toMap(KeyValuePair::name, KeyValuePair::value, (first, second) -> second));
        try {
            return Optional.of(new RunTask(taskId, new UserId(require(environment, "SKYPORT_OWNER_ID")),
                    new ClusterId(require(environment, "SKYPORT_CLUSTER_ID")),
                    require(environment, "SKYPORT_RUN_ID"), action(environment.get("SKYPORT_ACTION")),
                    environment.getOrDefault("SKYPORT_TASK_TOKEN", "")));
        } catch (IllegalArgumentException | DomainException malformed) {
            LOG.warn("task {} was not started with the run protocol's input: {}", taskId, malformed.getMessage());
            return Optional.empty();
        }
    }

    private static String require(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (value == null || !UuidText.matches(value)) {
            throw new IllegalArgumentException(name + " is missing or not a UUID");
        }
        return value;
    }

    private static Run.Action action(String word) {
        return Run.Action.ofProtocolName(word)
                .orElseThrow(() -> new IllegalArgumentException("SKYPORT_ACTION is " + word));
    }

    /** The ECS client, built when the first task asks. */
    @Factory
    static class Clients {

        @Bean
        @Singleton
        @Requires(property = RunBrokerSettings.ECS_CLUSTER)
        EcsClient ecs(AwsClientFactory clients, SdkHttpClient http, AwsCredentialsProvider credentials) {
            return clients.configure(EcsClient.builder(), "ecs", credentials).httpClient(http).build();
        }
    }
}
