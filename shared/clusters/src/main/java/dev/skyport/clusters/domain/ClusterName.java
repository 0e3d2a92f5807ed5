package dev.skyport.clusters.domain;

/** A cluster's name: a DNS label of 3 to 40 characters, unique among the owner's clusters that are not DELETED. */
public record ClusterName(String value) {

    public static final int MIN_LENGTH = 3;
    public static final int MAX_LENGTH = 40;

    public ClusterName {
        DnsLabel.require(value, "invalid-name", "name", MIN_LENGTH, MAX_LENGTH);
    }
}
