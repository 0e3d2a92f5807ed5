package dev.skyport.clusters.application;

import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.ClusterOutputs;
import dev.skyport.clusters.domain.Run;
import dev.skyport.clusters.domain.RunPlan;
import dev.skyport.kernel.UserId;
import dev.skyport.kernel.UuidText;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The provisioning workflow's reports, as the state machine sends them to the clusters function's workflow-report
 * entry point: one document per report, answered with whether it moved the cluster ({@code {"moved": true}}), now or
 * when the same report was delivered before: Step Functions retries a report whose answer it did not get, and the
 * retry must not read as "this run is over" (the workflow would stop and leave the cluster PROVISIONING). Every
 * transition a run makes goes through {@link RunReports}, in AWS as on the local platform and in the backstop; the
 * state machine knows no item, key or condition.
 *
 * <ul>
 *   <li>{@code {"report":"started", "cluster_id", "run_id", "owner"}}: the run is under way (not moved: it is no
 *       longer its cluster's current run, and the workflow stops);</li>
 *   <li>{@code {"report":"succeeded", ..., "outputs": {...}}}: the task's outputs as it sent them
 *       ({@code endpoint}, {@code resource_id}, {@code kubernetes_version}, {@code console_url}, and what a
 *       kubeconfig needs: {@code certificate_authority_data}, {@code cluster_name}, {@code location},
 *       {@code resource_group}, {@code project}; for a plan, {@code {"plan": {"add", "change", "destroy",
 *       "resources"}}}), checked here (an apply whose outputs are not a cluster's fails with
 *       {@code invalid-outputs});</li>
 *   <li>{@code {"report":"failed", ..., "error": {"Error", "Cause", "details"}}}: Step Functions' error output, or the
 *       preflight's finding; the reason is the run protocol's error code, or {@code workflow-<what>} for Step
 *       Functions' own ({@code States.Timeout}: {@code workflow-timeout}); the run's details are the preflight's
 *       findings, or else Terraform's {@code Error:} lines among the cause's last lines of output.</li>
 * </ul>
 */
public class WorkflowReports {

    public static final String STARTED = "started";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    /** A reason is a code: the run protocol's, the preflight's, or {@code workflow-...}. */
    private static final Pattern CODE = Pattern.compile("^[A-Za-z][A-Za-z0-9._-]{0,63}$");
    private static final int MAX_OUTPUT = 2048;
    /** Terraform's diagnostics say {@code Error: <summary>}, boxed by {@code │} when it draws them. */
    private static final Pattern TERRAFORM_ERROR = Pattern.compile("^[\\s│╷╵]*(Error: .+)$");
    private static final int MAX_ADDRESS = 512;
    private static final int MAX_COUNT = 100_000;
    /** The most error lines a run keeps from its output. */
    private static final int MAX_ERRORS = 5;
    /** The outputs that are texts of at most {@link #MAX_OUTPUT} characters. */
    private static final List<String> TEXTS = List.of("endpoint", "resource_id", "kubernetes_version", "console_url");
    /**
     * The outputs that name the cluster at its provider (EKS and AKS names, an AWS region, an Azure or GKE location,
     * an Azure resource group, a GCP project): a kubeconfig passes them to the providers' tools as arguments.
     */
    private static final List<String> NAMES = List.of("cluster_name", "location", "resource_group", "project");
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$");
    /** Base64 of a PEM certificate authority: a provider's is about 1,500 characters; a chain of a few fits. */
    private static final int MAX_CERTIFICATE_AUTHORITY = 16_384;
    /**
     * Every output of the run protocol, as the entry script reduces {@code terraform output -json} to them and each
     * provider's stack declares those it has.
     */
    public static final List<String> OUTPUT_NAMES = Stream.of(TEXTS,
            List.of("certificate_authority_data"), NAMES).flatMap(List::stream).toList();
    private static final Pattern BASE64 = Pattern.compile("^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|"
            + "[A-Za-z0-9+/]{3}=)?$");
    /** An apply whose outputs are not a cluster's fails with this reason: the cluster is there, but unknown. */
    public static final String INVALID_OUTPUTS = "invalid-outputs";

    private final RunReports reports;

    public WorkflowReports(RunReports reports) {
        this.reports = reports;
    }

    /**
     * Applies one report.
     *
     * @throws IllegalArgumentException when the document is not a report (a workflow that sends one is broken: the
     *                                  execution fails, and the backstop marks the cluster)
     */
    public Map<String, Object> handle(Map<String, ?> report) {
        UserId owner = new UserId(id(report, "owner"));
        ClusterId cluster = new ClusterId(id(report, "cluster_id"));
        String run = id(report, "run_id");
        boolean moved = switch (String.valueOf(report.get("report"))) {
            case STARTED -> reports.started(owner, cluster, run)
                    || reports.holds(owner, cluster, run, Run.Status.RUNNING, Optional.empty());
            case SUCCEEDED -> {
                if (report.get("outputs") instanceof Map<?, ?> map && map.containsKey("plan")) {
                    RunPlan.Summary summary;
                    try {
                        summary = plan(map.get("plan"));
                    } catch (IllegalArgumentException invalid) {
                        yield failed(owner, cluster, run, INVALID_OUTPUTS, List.of(invalid.getMessage()));
                    }
                    yield reports.planned(owner, cluster, run, summary)
                            || reports.holds(owner, cluster, run, Run.Status.SUCCEEDED, Optional.empty());
                }
                Optional<ClusterOutputs> outputs;
                try {
                    outputs = outputs(report.get("outputs"));
                } catch (IllegalArgumentException invalid) {
                    yield failed(owner, cluster, run, INVALID_OUTPUTS, List.of(invalid.getMessage()));
                }
                yield reports.succeeded(owner, cluster, run, outputs)
                        || reports.holds(owner, cluster, run, Run.Status.SUCCEEDED, Optional.empty());
            }
            case FAILED -> {
                Map<?, ?> error = report.get("error") instanceof Map<?, ?> map ? map : Map.of();
                List<String> details = details(error.get("details"));
                if (details.isEmpty() && error.get("Cause") instanceof String cause) {
                    details = terraformErrors(cause);
                }
                yield failed(owner, cluster, run, reason(error.get("Error")), details);
            }
            default -> throw new IllegalArgumentException("not a workflow report: " + report.get("report"));
        };
        return Map.of("moved", moved);
    }

    private boolean failed(UserId owner, ClusterId cluster, String run, String reason, List<String> details) {
        return reports.failed(owner, cluster, run, reason, details)
                || reports.holds(owner, cluster, run, Run.Status.FAILED, Optional.of(reason));
    }

    /** The reason of a failed run, from the error's name. */
    static String reason(Object error) {
        String name = error instanceof String text ? text : "";
        if (name.startsWith("States.")) {
            return "workflow-" + name.substring("States.".length()).toLowerCase(Locale.ROOT);
        }
        return CODE.matcher(name).matches() ? name : "workflow-failed";
    }

    /**
     * The lines of a run's output that say what failed: Terraform's {@code Error:} summaries, which are the useful
     * part of a failed run's last lines (a task reports them as its failure's cause).
     */
    public static List<String> terraformErrors(String output) {
        return output.lines().map(TERRAFORM_ERROR::matcher).filter(Matcher::matches)
                .map(matcher -> matcher.group(1).strip()).distinct().limit(MAX_ERRORS).toList();
    }

    private static List<String> details(Object details) {
        List<String> texts = new ArrayList<>();
        if (details instanceof List<?> list) {
            list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(texts::add);
        }
        return texts;
    }

    /**
     * The task's outputs, which come from Terraform in the customer's account: an https endpoint and console URL,
     * short texts, names of a strict alphabet and the API's certificate authority (base64 of PEM certificates), or
     * nothing is taken (an apply without outputs, or a destroy). An output the task did not send is empty. The same
     * check for every provisioner: the Step Functions workflow's reports and the local platform's Docker runs.
     *
     * @throws IllegalArgumentException naming the first output that is not what a cluster's can be
     */
    public static Optional<ClusterOutputs> outputs(Object outputs) {
        if (!(outputs instanceof Map<?, ?> map) || map.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (String field : TEXTS) {
            String text = text(map, field);
            if (text.length() > MAX_OUTPUT || text.chars().anyMatch(Character::isISOControl)) {
                throw invalidOutputs(field);
            }
            texts.put(field, text);
        }
        for (String url : List.of("endpoint", "console_url")) {
            if (!texts.get(url).isEmpty() && !isHttps(texts.get(url))) {
                throw invalidOutputs(url);
            }
        }
        for (String field : NAMES) {
            String name = text(map, field);
            if (!name.isEmpty() && !NAME.matcher(name).matches()) {
                throw invalidOutputs(field);
            }
            texts.put(field, name);
        }
        String authority = text(map, "certificate_authority_data");
        if (!authority.isEmpty() && !isCertificateAuthority(authority)) {
            throw invalidOutputs("certificate_authority_data");
        }
        return Optional.of(new ClusterOutputs(texts.get("endpoint"), texts.get("resource_id"),
                texts.get("kubernetes_version"), texts.get("console_url"), authority, texts.get("cluster_name"),
                texts.get("location"), texts.get("resource_group"), texts.get("project")));
    }

    private static String text(Map<?, ?> outputs, String field) {
        Object value = outputs.get(field);
        return value == null ? "" : String.valueOf(value);
    }

    /**
     * Base64 (standard alphabet, padded, bounded) of PEM text holding only X.509 certificates, at least one: what a
     * kubeconfig's {@code certificate-authority-data} takes. The certificates are parsed, not only looked at.
     */
    private static boolean isCertificateAuthority(String base64) {
        if (base64.length() > MAX_CERTIFICATE_AUTHORITY || !BASE64.matcher(base64).matches()) {
            return false;
        }
        String pem = new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
        if (!pem.strip().startsWith("-----BEGIN CERTIFICATE-----")
                || !pem.chars().allMatch(c -> c == '\n' || c == '\r' || (c >= 0x20 && c < 0x7F))) {
            return false;
        }
        try {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return !certificates.isEmpty();
        } catch (CertificateException notCertificates) {
            return false;
        }
    }

    /**
     * A plan's summary as the task sends it: {@code {"add","change","destroy","resources":[{"address","action"}]}},
     * the numbers Terraform printed and each resource that changes.
     */
    static RunPlan.Summary plan(Object plan) {
        if (!(plan instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the task's plan is not a plan's summary");
        }
        int add = count(map.get("add"));
        int change = count(map.get("change"));
        int destroy = count(map.get("destroy"));
        List<RunPlan.ResourceChange> resources = new ArrayList<>();
        if (map.get("resources") instanceof List<?> list) {
            for (Object entry : list.subList(0, Math.min(list.size(), RunPlan.MAX_RESOURCES))) {
                if (!(entry instanceof Map<?, ?> resource) || !(resource.get("address") instanceof String address)
                        || address.isEmpty() || address.length() > MAX_ADDRESS
                        || address.chars().anyMatch(Character::isISOControl)) {
                    throw new IllegalArgumentException("a resource of the task's plan has no address a plan's can be");
                }
                resources.add(new RunPlan.ResourceChange(address, RunPlan.ResourceAction.ofWord(
                        String.valueOf(resource.get("action"))).orElseThrow(() -> new IllegalArgumentException(
                                "a resource of the task's plan has no action a plan's can be"))));
            }
        }
        return new RunPlan.Summary(add, change, destroy, resources);
    }

    private static int count(Object number) {
        if (number instanceof Integer count && count >= 0 && count <= MAX_COUNT) {
            return count;
        }
        if (number instanceof Long count && count >= 0 && count <= MAX_COUNT) {
            return count.intValue();
        }
        throw new IllegalArgumentException("the task's plan counts are not a plan's");
    }

    private static boolean isHttps(String text) {
        try {
            URI uri = URI.create(text);
            return "https".equals(uri.getScheme()) && uri.getHost() != null;
        } catch (IllegalArgumentException notAUri) {
            return false;
        }
    }

    private static IllegalArgumentException invalidOutputs(String field) {
        return new IllegalArgumentException("the task's output " + field + " is not what a cluster's can be");
    }

    private static String id(Map<String, ?> report, String field) {
        Object value = report.get(field);
        if (!(value instanceof String text) || !UuidText.matches(text)) {
            throw new IllegalArgumentException("a workflow report needs " + field + " (a UUID)");
        }
        return text.toLowerCase(Locale.ROOT);
    }

}
