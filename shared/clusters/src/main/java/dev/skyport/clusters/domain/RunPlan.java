package dev.skyport.clusters.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a plan run plans, and once it succeeded, what Terraform said it would do. A plan is made on one version of
 * its cluster: applied later ({@code plan_id}), it applies exactly the spec it planned, and only while the cluster is
 * still at that version.
 *
 * @param of          what is planned: an {@link Run.Action#UPDATE} to {@code spec}, or a {@link Run.Action#DESTROY}
 * @param baseVersion the cluster's version the plan was made on
 * @param spec        the spec the plan applies (the cluster's own for a destroy)
 * @param guards      the safeguards the change asked for alongside (applied with it)
 * @param changes     the change as a cluster's history says it ({@code kubernetes_version: 1.32 -> 1.33})
 * @param summary     what Terraform plans, once the run succeeded
 */
public record RunPlan(Run.Action of, long baseVersion, ClusterSpec spec, Safeguards guards, List<String> changes,
                      Optional<Summary> summary) {

    /** The most resource changes a summary keeps. */
    public static final int MAX_RESOURCES = 500;

    public RunPlan {
        if (of != Run.Action.UPDATE && of != Run.Action.DESTROY) {
            throw new IllegalArgumentException("a plan is of an update or a destroy, not " + of);
        }
        changes = List.copyOf(changes);
    }

    /**
     * Terraform's plan in numbers, as it prints them ({@code Plan: 1 to add, 2 to change, 0 to destroy}: a
     * replacement counts as one to add and one to destroy), with each resource that changes.
     */
    public record Summary(int add, int change, int destroy, List<ResourceChange> resources) {

        public Summary {
            resources = List.copyOf(resources.subList(0, Math.min(resources.size(), MAX_RESOURCES)));
        }

        /** The numbers of a list of resource changes, counted as Terraform counts them. */
        public static Summary of(List<ResourceChange> resources) {
            int add = 0;
            int change = 0;
            int destroy = 0;
            for (ResourceChange resource : resources) {
                switch (resource.action()) {
                    case CREATE -> add++;
                    case UPDATE -> change++;
                    case DELETE -> destroy++;
                    case REPLACE -> {
                        add++;
                        destroy++;
                    }
                }
            }
            return new Summary(add, change, destroy, resources);
        }
    }

    /** One resource of a plan and what happens to it. */
    public record ResourceChange(String address, ResourceAction action) {
    }

    /** What a plan does to a resource, in Terraform's words. */
    public enum ResourceAction {
        CREATE, UPDATE, DELETE, REPLACE;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<ResourceAction> ofWord(String word) {
            return Arrays.stream(values()).filter(action -> action.word().equals(word)).findFirst();
        }
    }

    /** The same plan, with what Terraform said it would do. */
    public RunPlan planned(Summary terraformSays) {
        return new RunPlan(of, baseVersion, spec, guards, changes, Optional.of(terraformSays));
    }
}
