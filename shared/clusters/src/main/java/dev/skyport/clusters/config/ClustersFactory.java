package dev.skyport.clusters.config;

import dev.skyport.clusters.application.CloudAccountDirectory;
import dev.skyport.clusters.application.ClusterExpiry;
import dev.skyport.clusters.application.ExpirySchedules;
import dev.skyport.clusters.application.ExpiryScheduling;
import dev.skyport.clusters.application.ClusterAccess;
import dev.skyport.clusters.application.ClusterRequests;
import dev.skyport.clusters.application.ClusterRules;
import dev.skyport.clusters.application.Clusters;
import dev.skyport.clusters.application.ProvisioningWorkflow;
import dev.skyport.clusters.application.PlanFiles;
import dev.skyport.clusters.application.RunLogs;
import dev.skyport.clusters.application.RunBriefing;
import dev.skyport.clusters.application.RunReports;
import dev.skyport.clusters.application.WorkflowReports;
import dev.skyport.clusters.application.RunTasks;
import dev.skyport.clusters.domain.Catalogue;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The clusters use cases, from configuration and whichever workflow and log adapters the mode wires. */
@Factory
public class ClustersFactory {

    @Singleton
    ClusterRules clusterRules(ClustersSettings settings) {
        return new ClusterRules(settings.quota(), settings.everyUserCreates(), Catalogue.defaults());
    }

    /** Only where runs can start and their output be read: the clusters function and the local platform. */
    @Singleton
    @Requires(beans = {ProvisioningWorkflow.class, RunLogs.class, CloudAccountDirectory.class})
    ClusterRequests clusterRequests(Clusters clusters, CloudAccountDirectory accounts, ProvisioningWorkflow workflow,
                                    RunLogs logs, ClusterRules rules, Clock clock) {
        return new ClusterRequests(clusters, accounts, workflow, logs, rules, clock);
    }

    /** Where clusters' destroys can start: with the cluster requests. */
    @Singleton
    @Requires(beans = ClusterRequests.class)
    ClusterExpiry clusterExpiry(Clusters clusters, ClusterRequests requests, Clock clock) {
        return new ClusterExpiry(clusters, requests, clock);
    }

    /** Where the clusters' expiry wake-ups are kept in step: the clusters function's stream consumer. */
    @Singleton
    @Requires(beans = ExpirySchedules.class)
    ExpiryScheduling expiryScheduling(Clusters clusters, ExpirySchedules schedules, Clock clock) {
        return new ExpiryScheduling(clusters, schedules, clock);
    }

    /** Wherever clusters are read for people: a running cluster's kubeconfig. */
    @Singleton
    @Requires(beans = {ClusterRequests.class, CloudAccountDirectory.class})
    ClusterAccess clusterAccess(ClusterRequests requests, CloudAccountDirectory accounts) {
        return new ClusterAccess(requests, accounts);
    }

    /** Only where provisioning tasks ask for their brief: the run broker. */
    @Singleton
    @Requires(beans = {RunTasks.class, CloudAccountDirectory.class, PlanFiles.class})
    RunBriefing runBriefing(RunTasks tasks, Clusters clusters, CloudAccountDirectory accounts, PlanFiles planFiles,
                            ClustersSettings settings) {
        return new RunBriefing(tasks, clusters, accounts, planFiles, settings.taskLogStreamPrefix(),
                settings.runners());
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
