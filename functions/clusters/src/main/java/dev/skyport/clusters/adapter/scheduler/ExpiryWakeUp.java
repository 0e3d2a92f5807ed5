package dev.skyport.clusters.adapter.scheduler;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * What a cluster's expiry schedule sends the expiry function: shaped as an EventBridge event (the function also
 * hears the backstop sweep's "Scheduled Event"), told apart by its {@code detail-type} and {@code source}, and naming
 * one cluster. The schedule's input, written here and read by the function, so both sides use one shape
 * ({@code events/scheduler-cluster-expiry-due.json} is a sample).
 */
@Serdeable
public record ExpiryWakeUp(@JsonProperty("detail-type") String detailType, String source, Detail detail) {

    public static final String DETAIL_TYPE = "Cluster Expiry Due";
    public static final String SOURCE = "skyport.clusters";

    /** The cluster whose expiry is due. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Detail(String owner, String clusterId) {
    }

    public static ExpiryWakeUp of(String owner, String clusterId) {
        return new ExpiryWakeUp(DETAIL_TYPE, SOURCE, new Detail(owner, clusterId));
    }
}
