package dev.skyport.clusters.domain;

import dev.skyport.kernel.DomainException;

/**
 * A pool of worker nodes of one instance type that scales between {@code minSize} and {@code maxSize}:
 * {@code 0 <= min <= desired <= max <= 100}. Whether the instance type exists for the provider is the catalogue's
 * call ({@link Catalogue}).
 */
public record NodeGroup(String name, String instanceType, int minSize, int desiredSize, int maxSize) {

    public static final int MAX_NODES = 100;
    public static final int MAX_GROUPS = 5;
    private static final String SLUG = "invalid-node-groups";

    /** Checks one node group; {@code field} is where it sits in the request ({@code node_groups[2]}). */
    public static NodeGroup of(String field, String name, String instanceType, Integer minSize, Integer desiredSize,
                               Integer maxSize) {
        DnsLabel.require(name, SLUG, field + ".name", 1, 30);
        if (instanceType == null || instanceType.isBlank() || instanceType.length() > 64) {
            throw invalid(field + ".instance_type", "is required (at most 64 characters)");
        }
        int min = size(field + ".min_size", minSize);
        int desired = size(field + ".desired_size", desiredSize);
        int max = size(field + ".max_size", maxSize);
        if (!(min <= desired && desired <= max)) {
            throw invalid(field, "needs min_size <= desired_size <= max_size (got " + min + ", " + desired + ", "
                    + max + ")");
        }
        if (max == 0) {
            throw invalid(field + ".max_size", "must be at least 1");
        }
        return new NodeGroup(name, instanceType.strip(), min, desired, max);
    }

    private static int size(String field, Integer value) {
        if (value == null) {
            throw invalid(field, "is required");
        }
        if (value < 0 || value > MAX_NODES) {
            throw invalid(field, "must be between 0 and " + MAX_NODES);
        }
        return value;
    }

    static DomainException invalid(String field, String problem) {
        return DomainException.invalid(SLUG, field + " " + problem);
    }
}
