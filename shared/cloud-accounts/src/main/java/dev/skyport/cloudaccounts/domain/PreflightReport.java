package dev.skyport.cloudaccounts.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a run's preflight found: nothing (the run may start), or each thing that would make Terraform fail part-way,
 * found before it starts. The run fails with {@link #reason()} and shows {@link #details()}.
 */
public record PreflightReport(List<Finding> findings) {

    /** The credentials may not do something the run does: each detail names one action (and where). */
    public static final String MISSING_PERMISSIONS = "missing-permissions";
    /** The state bucket (or storage account) is not there, or not visible to the credentials. */
    public static final String STATE_BUCKET_NOT_FOUND = "state-bucket-not-found";
    /** The state bucket keeps no versions: a bad write would lose the state of a live cluster. */
    public static final String STATE_BUCKET_UNVERSIONED = "state-bucket-unversioned";
    /** The state bucket does not block public access: the state holds the cluster's secrets. */
    public static final String STATE_BUCKET_PUBLIC = "state-bucket-public";
    /** The state bucket is in another region than the run names for it. */
    public static final String STATE_BUCKET_ELSEWHERE = "state-bucket-in-another-region";
    /** Something the run needs to exist first is not there (Azure's resource group, the state's container). */
    public static final String PREREQUISITE_MISSING = "prerequisite-missing";
    /** At most this many details are kept: enough to fix a policy, small enough for the run's item. */
    public static final int MAX_DETAILS = 40;

    /** One thing found, with the reason the run would fail with and what exactly is wrong. */
    public record Finding(String reason, String detail) {
    }

    public PreflightReport {
        findings = List.copyOf(findings);
    }

    public static PreflightReport passed() {
        return new PreflightReport(List.of());
    }

    /** A report of one finding. */
    public static PreflightReport of(String reason, String detail) {
        return new PreflightReport(List.of(new Finding(reason, detail)));
    }

    /** A report with each missing permission. */
    public static PreflightReport missing(List<String> permissions) {
        return new PreflightReport(permissions.stream().map(p -> new Finding(MISSING_PERMISSIONS, p)).toList());
    }

    public boolean isPassed() {
        return findings.isEmpty();
    }

    /** This report and {@code other}'s findings. */
    public PreflightReport and(PreflightReport other) {
        List<Finding> all = new ArrayList<>(findings);
        all.addAll(other.findings);
        return new PreflightReport(all);
    }

    /** Why the run fails: missing permissions before anything else, then the first thing found. */
    public Optional<String> reason() {
        return findings.stream().map(Finding::reason).filter(MISSING_PERMISSIONS::equals).findFirst()
                .or(() -> findings.stream().map(Finding::reason).findFirst());
    }

    /** What was found, the missing permissions first, at most {@link #MAX_DETAILS}. */
    public List<String> details() {
        List<String> details = new ArrayList<>();
        findings.stream().filter(f -> f.reason().equals(MISSING_PERMISSIONS)).map(Finding::detail)
                .forEach(details::add);
        findings.stream().filter(f -> !f.reason().equals(MISSING_PERMISSIONS)).map(Finding::detail)
                .forEach(details::add);
        if (details.size() > MAX_DETAILS) {
            int more = details.size() - (MAX_DETAILS - 1);
            details = new ArrayList<>(details.subList(0, MAX_DETAILS - 1));
            details.add("... and " + more + " more");
        }
        return List.copyOf(details);
    }
}
