package dev.skyport.local.provisioning;

import dev.skyport.clusters.adapter.stepfunctions.WorkflowSettings;
import dev.skyport.clusters.application.CloudAccountDirectory;
import dev.skyport.clusters.application.ProvisioningWorkflow;
import dev.skyport.clusters.application.RunReports;
import dev.skyport.clusters.application.WorkflowReports;
import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.Run;
import dev.skyport.clusters.domain.TerraformRunConfig;
import dev.skyport.local.LocalFiles;
import dev.skyport.local.LocalSettings;
import dev.skyport.local.events.LiveRunLogs;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import jakarta.annotation.PreDestroy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development only ({@code --provisioner docker}): runs the real Terraform image with {@code docker run} for each
 * run, as the first version of this product did, with the cloud account's credentials as the provider's
 * environment variables. The credentials go in an owner-only env file that is deleted when the run ends, never on
 * the command line. Without a task token the image speaks the run protocol's local form: every output line on
 * stdout (kept as the run's log lines), then one {@code SKYPORT_RESULT {...}} line with the outcome; its exit code
 * says the same. Cancel stops the container ({@code docker stop}: SIGTERM, Terraform stops gracefully). Refuses to
 * start without a Docker engine. The run's preflight ({@link LocalPreflight}) comes first, as in AWS. A plan run's
 * plan file comes out as one line ({@code SKYPORT_PLAN_FILE <base64>}), never logged, and is kept owner-only in the
 * data folder's {@code plans}; a run that applies that plan gets it back on stdin ({@code docker run -i}).
 */
@Context // made at start: without a Docker engine the platform refuses to start, rather than fail a first run
@Requires(property = LocalSettings.PROVISIONER, value = "docker")
@Requires(missingProperty = WorkflowSettings.STATE_MACHINE_ARN)
public class DockerProvisioner implements ProvisioningWorkflow {

    static final String RESULT = "SKYPORT_RESULT ";
    static final String PLAN_FILE = "SKYPORT_PLAN_FILE ";
    /** The last lines of a failed run's output that are read for Terraform's errors, as the entry script sends them. */
    private static final int CAUSE_LINES = 20;
    /** The image {@code docker build -t skyport-terraform:local infra-cdk/terraform-image} makes. */
    public static final String DEFAULT_IMAGE = "skyport-terraform:local";
    private static final Logger LOG = LoggerFactory.getLogger(DockerProvisioner.class);

    private final RunReports reports;
    private final WorkflowReports outcomes;
    private final LocalPreflight preflight;
    private final LiveRunLogs logs;
    private final CloudAccountDirectory accounts;
    private final JsonMapper json;
    private final Clock clock;
    private final String docker;
    private final String image;
    private final Path plans;
    private final ExecutorService runs = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("skyport-docker-run-", 0).factory());

    public DockerProvisioner(RunReports reports, WorkflowReports outcomes, LocalPreflight preflight,
                             LiveRunLogs logs, CloudAccountDirectory accounts, JsonMapper json, Clock clock,
                             ProvisionerSettings settings) {
        this.reports = reports;
        this.outcomes = outcomes;
        this.preflight = preflight;
        this.logs = logs;
        this.accounts = accounts;
        this.json = json;
        this.clock = clock;
        this.docker = settings.dockerCommand();
        this.image = settings.image().isBlank() ? DEFAULT_IMAGE : settings.image();
        this.plans = Path.of(settings.plansDir().isBlank() ? "plans" : settings.plansDir());
        requireDockerEngine();
    }

    private void requireDockerEngine() {
        String problem;
        try {
            Process version = new ProcessBuilder(docker, "version", "--format", "{{.Server.Version}}")
                    .redirectErrorStream(true).start();
            String said = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (version.waitFor(20, TimeUnit.SECONDS) && version.exitValue() == 0) {
                LOG.info("docker provisioner: Docker engine {}, image {}", said, image);
                return;
            }
            problem = said.isEmpty() ? "'docker version' failed" : said;
        } catch (IOException e) {
            problem = "no '" + docker + "' command (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        throw new IllegalStateException("--provisioner docker needs a Docker engine, and there is none here: "
                + problem + ". Start Docker, or use the simulated provisioner (the default).");
    }

    @Override
    public boolean simulated() {
        return false;
    }

    /** The container of a run, named so that a cancel finds it. */
    static String containerName(Run run) {
        return "skyport-run-" + run.id();
    }

    /** The {@code docker run} arguments of a run: no secret among them, the env file holds what the image needs. */
    List<String> runCommand(Run run, Path envFile) {
        return List.of(docker, "run", "--rm", "-i", "--name", containerName(run), "--env-file", envFile.toString(),
                image);
    }

    /** Where a plan run's plan file is kept: one folder per cluster. */
    private Path planFile(Cluster cluster, String planRunId) {
        return plans.resolve(cluster.id().value()).resolve(planRunId + ".tfplan");
    }

    @Override
    public void start(Cluster cluster, Run run) {
        Path envFile = envFile(cluster, run);
        runs.submit(() -> {
            try {
                execute(cluster, run, envFile);
            } catch (RuntimeException e) {
                LOG.warn("docker run {} of cluster {} broke off: {}", run.id(), cluster.id(), e.toString());
                reports.failed(cluster.owner(), cluster.id(), run.id(), failureCode(run));
            } finally {
                delete(envFile);
            }
        });
    }

    private void execute(Cluster cluster, Run run, Path envFile) {
        reports.started(cluster.owner(), cluster.id(), run.id());
        long[] seq = {0};
        if (!preflight.passed(cluster, run, line -> logs.append(cluster, run, ++seq[0], clock.instant(), line))) {
            return;
        }
        Process process;
        try {
            process = new ProcessBuilder(runCommand(run, envFile)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run docker", e);
        }
        Optional<Map<String, Object>> result = Optional.empty();
        Optional<String> planFile = Optional.empty();
        Deque<String> last = new ArrayDeque<>();
        try (var in = process.getOutputStream()) {
            // A run that applies a saved plan reads it from stdin (base64); any other run reads nothing.
            if (run.applies().isPresent()) {
                Path saved = planFile(cluster, run.applies().get());
                if (Files.exists(saved)) {
                    in.write(Files.readAllBytes(saved));
                }
            }
        } catch (IOException e) {
            LOG.warn("docker run {}: could not hand over the saved plan: {}", run.id(), e.toString());
        }
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(RESULT)) {
                    result = parse(line.substring(RESULT.length()));
                } else if (line.startsWith(PLAN_FILE) && run.action() == Run.Action.PLAN) {
                    planFile = Optional.of(line.substring(PLAN_FILE.length()).strip());
                } else {
                    logs.append(cluster, run, ++seq[0], clock.instant(), line);
                    last.addLast(line);
                    if (last.size() > CAUSE_LINES) {
                        last.removeFirst();
                    }
                }
            }
            process.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            return;
        }
        boolean succeeded = process.exitValue() == 0 && result.map(r -> "success".equals(r.get("outcome")))
                .orElse(false);
        if (succeeded && planFile.isPresent()) {
            keep(cluster, run, planFile.get());
        }
        // The outcome goes through the workflow's own reading of a task's result, as in AWS: the same checks of
        // the outputs (or of a plan's summary), and Terraform's error lines from the last lines as the details.
        Map<String, Object> report = new HashMap<>(Map.of("owner", cluster.owner().value(),
                "cluster_id", cluster.id().value(), "run_id", run.id()));
        if (succeeded) {
            report.put("report", WorkflowReports.SUCCEEDED);
            report.put("outputs", result.get().getOrDefault("outputs", Map.of()));
        } else {
            report.put("report", WorkflowReports.FAILED);
            report.put("error", Map.of("Error", result.map(r -> r.get("error")).map(String::valueOf)
                    .orElse(failureCode(run)), "Cause", String.join("\n", last)));
        }
        outcomes.handle(report);
    }

    /** Keeps a plan run's plan file (as the image printed it, base64) owner-only, for the run that applies it. */
    private void keep(Cluster cluster, Run run, String base64) {
        Path file = planFile(cluster, run.id());
        try {
            LocalFiles.ownerOnlyDirectory(plans);
            LocalFiles.ownerOnlyDirectory(file.getParent());
            Files.write(Files.createFile(file, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))), base64.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("docker run {}: could not keep the plan file: {}", run.id(), e.toString());
        }
    }

    private static String failureCode(Run run) {
        return switch (run.action()) {
            case APPLY, UPDATE -> "TerraformApplyFailed";
            case DESTROY -> "TerraformDestroyFailed";
            case PLAN -> "TerraformPlanFailed";
        };
    }

    @SuppressWarnings("unchecked")
    private Optional<Map<String, Object>> parse(String text) {
        try {
            return Optional.of(json.readValue(text, Map.class));
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }


    /**
     * The run protocol's environment: the run's configuration as Java builds it for every run ({@code run_config}),
     * and the owner's credentials as the providers' variables (an AWS role already assumed, as the run broker does
     * in AWS), owner-only.
     */
    private Path envFile(Cluster cluster, Run run) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SKYPORT_CLUSTER_ID", cluster.id().value());
        env.put("SKYPORT_RUN_ID", run.id());
        env.put("SKYPORT_ACTION", run.action().protocolName());
        try {
            // Locally the run comes from this machine, whose public address Skyport does not know: api_access must
            // name it for the add-ons to be installed.
            env.put("SKYPORT_RUN_CONFIG", json.writeValueAsString(TerraformRunConfig.of(cluster, run, List.of())
                    .document()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        accounts.credentials(cluster.owner(), cluster.cloudAccountId(), cluster.spec().region(),
                "skyport-" + run.id().substring(0, 32)).forEach((name, value) -> env.put(name, compact(name, value)));
        try {
            Path file = Files.createTempFile("skyport-run-", ".env",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            StringBuilder text = new StringBuilder();
            env.forEach((name, value) -> text.append(name).append('=').append(value.replace("\n", "\\n"))
                    .append('\n'));
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the run's env file", e);
        }
    }

    /** A Google key file on one line, as an env file needs it. */
    private String compact(String name, String value) {
        if (!name.equals("GOOGLE_CREDENTIALS")) {
            return value;
        }
        try {
            return json.writeValueAsString(json.readValue(value, Map.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop(Cluster cluster, Run run) {
        runs.submit(() -> {
            try {
                Process stop = new ProcessBuilder(docker, "stop", "--time", "60", containerName(run))
                        .redirectErrorStream(true).start();
                stop.getInputStream().readAllBytes();
                stop.waitFor(90, TimeUnit.SECONDS);
            } catch (IOException e) {
                LOG.warn("could not stop the container of run {}: {}", run.id(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", file, e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        runs.shutdownNow();
    }
}
