package dev.skyport.clusters.application;

import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.ClusterOutputs;
import dev.skyport.clusters.domain.Run;
import dev.skyport.kernel.UserId;
import dev.skyport.kernel.UuidText;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

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
 *       ({@code endpoint}, {@code resource_id}, {@code kubernetes_version}, {@code console_url}), checked here (an
 *       apply whose outputs are not a cluster's fails with {@code invalid-outputs});</li>
 *   <li>{@code {"report":"failed", ..., "error": {"Error", "Cause", "details"}}}: Step Functions' error output, or the
 *       preflight's finding; the reason is the run protocol's error code, or {@code workflow-<what>} for Step
 *       Functions' own ({@code States.Timeout}: {@code workflow-timeout}).</li>
 * </ul>
 */
public class WorkflowReports {

    public static final String STARTED = "started";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    /** A reason is a code: the run protocol's, the preflight's, or {@code workflow-...}. */
    private static final Pattern CODE = Pattern.compile("^[A-Za-z][A-Za-z0-9._-]{0,63}$");
    private static final int MAX_OUTPUT = 2048;
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
                yield failed(owner, cluster, run, reason(error.get("Error")), details(error.get("details")));
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

    private static List<String> details(Object details) {
        List<String> texts = new ArrayList<>();
        if (details instanceof List<?> list) {
            list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(texts::add);
        }
        return texts;
    }

    /**
     * The task's outputs, which come from Terraform in the customer's account: an https endpoint and console URL,
     * and short texts, or nothing is taken (an apply without outputs, or a destroy).
     */
    static Optional<ClusterOutputs> outputs(Object outputs) {
        if (!(outputs instanceof Map<?, ?> map) || map.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (String field : List.of("endpoint", "resource_id", "kubernetes_version", "console_url")) {
            Object value = map.get(field);
            String text = value == null ? "" : String.valueOf(value);
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
        return Optional.of(new ClusterOutputs(texts.get("endpoint"), texts.get("resource_id"),
                texts.get("kubernetes_version"), texts.get("console_url")));
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
