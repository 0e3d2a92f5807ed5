package dev.skyport.clusters.domain;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * One execution of the provisioning workflow for a cluster: an apply, an update or a destroy, with its own id, start, end,
 * outcome and reason. A cluster names its current run; only that run may move the cluster on, so a run that was
 * cancelled or replaced by a newer one changes nothing when it reports late.
 *
 * @param id        a version 7 UUID: run ids sort by the time they were asked for
 * @param simulated made by the local platform's embedded provisioner, not by Terraform in a cloud
 * @param logStream where the run's output is, once its task has started and said so (in AWS the task's
 *                  CloudWatch log stream)
 * @param details   what exactly made a failed run fail: its preflight's findings (each missing permission, what
 *                  is wrong with the state bucket) or Terraform's error lines; empty otherwise
 * @param plan      for a plan run, what it plans and, once done, what Terraform said it would do
 * @param applies   for an update or a destroy asked for with {@code plan_id}: the plan run whose saved plan it
 *                  applies ({@code terraform apply <plan file>}), so what changes is what the plan showed
 */
public record Run(ClusterId cluster, String id, Action action, Status status, String actor, Instant requestedAt,
                  Optional<Instant> endedAt, Optional<String> reason, boolean simulated,
                  Optional<String> logStream, List<String> details, Optional<RunPlan> plan,
                  Optional<String> applies) {

    /** At most this many details are kept, each at most {@link #MAX_DETAIL} characters. */
    public static final int MAX_DETAILS = 40;
    public static final int MAX_DETAIL = 300;

    public Run {
        if ((action == Action.PLAN) != plan.isPresent()) {
            throw new IllegalArgumentException("a plan run, and only a plan run, has a plan");
        }
        if (applies.isPresent() && action != Action.UPDATE && action != Action.DESTROY) {
            throw new IllegalArgumentException("only an update or a destroy applies a saved plan, not " + action);
        }
        details = details.stream().limit(MAX_DETAILS)
                .map(detail -> detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL - 3) + "..." : detail)
                .toList();
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    public enum Action {
        /** Makes the cluster as its spec says, the first time (or again after a failed first time). */
        APPLY,
        /** Applies a changed spec to a cluster that runs: Terraform's apply, with the cluster's Kubernetes up. */
        UPDATE,
        DESTROY,
        /** Says what an update or a destroy would do, and changes nothing: {@code terraform plan}. */
        PLAN;

        /** The word of the run protocol: {@code apply}, {@code update} or {@code destroy}. */
        public String protocolName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The action of a run protocol word. */
        public static Optional<Action> ofProtocolName(String word) {
            return Arrays.stream(values()).filter(action -> action.protocolName().equals(word))
                    .findFirst();
        }

        /** Whether Terraform applies the spec (and reports the cluster's outputs). */
        public boolean applies() {
            return this == APPLY || this == UPDATE;
        }
    }

    public enum Status {
        /** Asked for; the workflow has not reported yet. */
        STARTING,
        /** Terraform is at work. */
        RUNNING,
        SUCCEEDED, FAILED, CANCELLED;

        public boolean isOver() {
            return this == SUCCEEDED || this == FAILED || this == CANCELLED;
        }
    }

    /** A run just asked for. */
    public static Run requested(ClusterId cluster, Action action, String actor, Instant now, boolean simulated) {
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        return new Run(cluster, timeOrderedId(at), action, Status.STARTING, actor, at, Optional.empty(),
                Optional.empty(), simulated, Optional.empty(), List.of(), Optional.empty(), Optional.empty());
    }

    /** A plan run just asked for. */
    public static Run planning(ClusterId cluster, RunPlan plan, String actor, Instant now, boolean simulated) {
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        return new Run(cluster, timeOrderedId(at), Action.PLAN, Status.STARTING, actor, at, Optional.empty(),
                Optional.empty(), simulated, Optional.empty(), List.of(), Optional.of(plan), Optional.empty());
    }

    /** The same run, applying the saved plan of plan run {@code planRunId} rather than planning afresh. */
    public Run applying(String planRunId) {
        return new Run(cluster, id, action, status, actor, requestedAt, endedAt, reason, simulated, logStream,
                details, plan, Optional.of(planRunId));
    }

    /** A plan run at its successful end, with what Terraform said it would do. */
    public Run planned(RunPlan.Summary summary, Instant at) {
        Run ended = ended(Status.SUCCEEDED, Optional.empty(), at);
        return new Run(cluster, id, action, ended.status, actor, requestedAt, ended.endedAt, reason, simulated,
                logStream, details, plan.map(p -> p.planned(summary)), applies);
    }

    /** The run once the workflow has it under way. */
    public Run running() {
        return new Run(cluster, id, action, Status.RUNNING, actor, requestedAt, endedAt, reason, simulated,
                logStream, details, plan, applies);
    }

    /** The run, with where its output goes. */
    public Run loggingTo(String stream) {
        return new Run(cluster, id, action, status, actor, requestedAt, endedAt, reason, simulated,
                Optional.of(stream), details, plan, applies);
    }

    /** The run at its end. */
    public Run ended(Status outcome, Optional<String> why, Instant at) {
        return ended(outcome, why, List.of(), at);
    }

    /** The run at its end, with what exactly made it fail. */
    public Run ended(Status outcome, Optional<String> why, List<String> whatExactly, Instant at) {
        if (!outcome.isOver()) {
            throw new IllegalArgumentException(outcome + " is not an end");
        }
        return new Run(cluster, id, action, outcome, actor, requestedAt,
                Optional.of(at.truncatedTo(ChronoUnit.MILLIS)), why, simulated, logStream, whatExactly, plan,
                applies);
    }

    /**
     * A UUID of version 7 (RFC 9562): 48 bits of Unix milliseconds, a 12-bit counter, then random bits. Sorts as text
     * by time; within one millisecond the counter keeps the ids of this JVM in the order they were made.
     */
    static String timeOrderedId(Instant at) {
        long high;
        synchronized (Run.class) {
            long millis = Math.max(at.toEpochMilli(), lastMillis);
            if (millis == lastMillis && counter < 0xFFF) {
                counter++;
            } else {
                millis = millis == lastMillis ? millis + 1 : millis;
                counter = RANDOM.nextInt(0x800); // room to count up within the millisecond
            }
            lastMillis = millis;
            high = (millis << 16) | 0x7000L | counter;
        }
        long low = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    private static long lastMillis;
    private static int counter;
}
