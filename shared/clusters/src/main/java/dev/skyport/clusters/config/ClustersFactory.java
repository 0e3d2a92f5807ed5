package dev.skyport.clusters.config;

import dev.skyport.clusters.application.CloudAccountDirectory;
import dev.skyport.clusters.application.ClusterRequests;
import dev.skyport.clusters.application.ClusterSettings;
import dev.skyport.clusters.application.Clusters;
import dev.skyport.clusters.application.ProvisioningWorkflow;
import dev.skyport.clusters.application.RunLogs;
import dev.skyport.clusters.application.RunBriefing;
import dev.skyport.clusters.application.RunReports;
import dev.skyport.clusters.application.WorkflowReports;
import dev.skyport.clusters.application.RunTasks;
import dev.skyport.clusters.domain.Catalogue;
import dev.skyport.clusters.domain.Ipv4Cidr;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
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
        return new RunBriefing(tasks, clusters, accounts, properties.getTaskLogStreamPrefix(),
                runnerCidrs(properties));
    }

    /** The runners' egress blocks, refused at start when one is no IPv4 block or opens every address. */
    static List<Ipv4Cidr> runnerCidrs(ClustersProperties properties) {
        return properties.getRunnerCidrs().stream().map(text -> Ipv4Cidr.parse(text).filter(cidr -> cidr.prefix() > 0)
                .orElseThrow(() -> new IllegalStateException("skyport.clusters.runner-cidrs"
                        + " (SKYPORT_CLUSTERS_RUNNER_CIDRS): '" + text + "' is no IPv4 block of the runners")))
                .toList();
    }

    @Singleton
    RunReports runReports(Clusters clusters, Clock clock) {
        return new RunReports(clusters, clock);
    }

    @Singleton
    WorkflowReports workflowReports(RunReports reports) {
        return new WorkflowReports(reports);
    }
}
