package dev.skyport.clusters.application;

import dev.skyport.clusters.domain.ClusterId;
import java.net.URI;

/**
 * Where plan runs keep their plan files ({@code terraform plan -out}) until a run applies one ({@code plan_id}). A
 * plan file holds what Terraform read from the cloud and may hold sensitive values, so it is encrypted at rest, kept
 * only as long as a plan can be applied, and reached by a task only through a URL made for that one file and one
 * operation, for a few minutes: a task's role itself can read or write no plan file.
 */
public interface PlanFiles {

    /** A URL that lets one {@code PUT} of the plan file of plan run {@code planRunId}, for a few minutes. */
    URI uploadUrl(ClusterId cluster, String planRunId);

    /** A URL that lets one {@code GET} of the plan file of plan run {@code planRunId}, for a few minutes. */
    URI downloadUrl(ClusterId cluster, String planRunId);

    /** The object key of a plan run's file: one folder per cluster. */
    static String key(ClusterId cluster, String planRunId) {
        return "plans/" + cluster.value() + "/" + planRunId + ".tfplan";
    }
}
