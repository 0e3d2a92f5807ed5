package dev.skyport.local.provisioning;

import dev.skyport.cloudaccounts.application.PreflightRequest;
import dev.skyport.cloudaccounts.application.RunPreflight;
import dev.skyport.cloudaccounts.domain.PreflightReport;
import dev.skyport.clusters.adapter.cloudaccounts.CloudAccountsDirectory;
import dev.skyport.clusters.application.RunReports;
import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.Run;
import jakarta.inject.Singleton;
import java.util.function.Consumer;

/**
 * Development only: the run preflight of the local provisioners, the step the state machine takes in AWS before the
 * Terraform task. It asks the providers the account is verified against (the simulated ones by default) with the
 * run's {@code preflight} document as AWS hands it to the preflight's function, writes what it found as the run's
 * first lines, and fails an apply with the finding's reason and details, as the state machine does.
 */
@Singleton
class LocalPreflight {

    private final RunPreflight preflight;
    private final RunReports reports;

    LocalPreflight(RunPreflight preflight, RunReports reports) {
        this.preflight = preflight;
        this.reports = reports;
    }

    /**
     * Whether {@code run} may go on; otherwise it is failed, and {@code output} has been told why. Only an apply or
     * an update is checked: a destroy must be able to remove what it made from an account or bucket that no longer
     * passes.
     */
    boolean passed(Cluster cluster, Run run, Consumer<String> output) {
        if (!run.action().applies()) {
            return true;
        }
        PreflightRequest request = CloudAccountsDirectory.preflightOf(cluster);
        PreflightReport report = preflight.check(request.owner(), request.cloudAccount(), request.scope());
        if (report.isPassed()) {
            output.accept("Preflight: the credentials may do what this run does, and bucket "
                    + request.scope().stateBucket() + " is fit for its state.");
            return true;
        }
        String reason = report.reason().orElseThrow();
        output.accept("Preflight failed (" + reason + "); Terraform did not start:");
        report.details().forEach(detail -> output.accept("  " + detail));
        reports.failed(cluster.owner(), cluster.id(), run.id(), reason, report.details());
        return false;
    }
}
