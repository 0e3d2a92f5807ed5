package dev.skyport.clusters.config;

import dev.skyport.clusters.application.CloudAccountDirectory;
import dev.skyport.clusters.application.ClusterRequests;
import dev.skyport.clusters.application.ClusterSettings;
import dev.skyport.clusters.application.Clusters;
import dev.skyport.clusters.application.ProvisioningWorkflow;
import dev.skyport.clusters.application.RunLogs;
import dev.skyport.clusters.application.RunBriefing;
import dev.skyport.clusters.application.RunReports;
import dev.skyport.clusters.application.RunTasks;
import dev.skyport.clusters.domain.Catalogue;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Locale;

/** The clusters use cases, from configuration and whichever workflow and log adapters the mode wires. */
@Factory
public class ClustersFactory {

    @Singleton
    ClusterSettings clusterSettings(ClustersProperties properties) {
        String creators = properties.getCreators() == null ? "admin"
                : properties.getCreators().strip().toLowerCase(Locale.ROOT);
        if (!creators.equals("admin") && !creators.equals("user")) {
            throw new IllegalStateException("skyport.clusters.creators (SKYPORT_CLUSTERS_CREATORS) must be admin or"
                    + " user, not " + properties.getCreators());
        }
        if (properties.getQuota() < 1) {
            throw new IllegalStateException("skyport.clusters.quota must be at least 1");
        }
        return new ClusterSettings(properties.getQuota(), creators.equals("user"), Catalogue.defaults());
    }

    /** Only where runs can start and their output be read: the clusters function and the local platform. */
    @Singleton
    @Requires(beans = {ProvisioningWorkflow.class, RunLogs.class, CloudAccountDirectory.class})
    ClusterRequests clusterRequests(Clusters clusters, CloudAccountDirectory accounts, ProvisioningWorkflow workflow,
                                    RunLogs logs, ClusterSettings settings, Clock clock) {
        return new ClusterRequests(clusters, accounts, workflow, logs, settings, clock);
    }

    /** Only where provisioning tasks ask for their brief: the run broker. */
    @Singleton
    @Requires(beans = {RunTasks.class, CloudAccountDirectory.class})
    RunBriefing runBriefing(RunTasks tasks, Clusters clusters, CloudAccountDirectory accounts,
                            ClustersProperties properties) {
        return new RunBriefing(tasks, clusters, accounts, properties.getTaskLogStreamPrefix());
    }

    @Singleton
    RunReports runReports(Clusters clusters, Clock clock) {
        return new RunReports(clusters, clock);
    }
}
