package dev.skyport.clusters.domain;

import dev.skyport.kernel.UserId;

/** Which cluster an expiry concerns: its owner (part of every key of it) and its id. */
public record ExpiringCluster(UserId owner, ClusterId id) {
}
