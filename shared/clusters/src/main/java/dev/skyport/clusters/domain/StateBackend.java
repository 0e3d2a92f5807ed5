package dev.skyport.clusters.domain;

import dev.skyport.kernel.DomainException;
import java.util.regex.Pattern;

/**
 * Where Terraform keeps the cluster's state, in the customer's own account: an S3 bucket, a Cloud Storage bucket,
 * or an Azure storage account (container {@code tfstate}). The state key is
 * {@code <prefix>skyport/<cluster_id>/terraform.tfstate}.
 */
public record StateBackend(String bucket, String prefix) {

    private static final Pattern S3 = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");
    private static final Pattern GCS = Pattern.compile("^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$");
    private static final Pattern AZURE_STORAGE_ACCOUNT = Pattern.compile("^[a-z0-9]{3,24}$");
    private static final Pattern PREFIX = Pattern.compile("^[A-Za-z0-9!_.*'()/-]{0,200}$");

    public static StateBackend of(String provider, String bucket, String prefix) {
        if (bucket == null || bucket.isBlank()) {
            throw invalid("state.bucket is required: the " + what(provider) + " Terraform keeps its state in");
        }
        Pattern shape = switch (provider) {
            case "aws" -> S3;
            case "gcp" -> GCS;
            default -> AZURE_STORAGE_ACCOUNT;
        };
        if (bucket.length() > 63 || !shape.matcher(bucket).matches() || bucket.contains("..")) {
            throw invalid("state.bucket is not a valid " + what(provider) + " name");
        }
        String cleanPrefix = prefix == null ? "" : prefix.strip();
        if (!PREFIX.matcher(cleanPrefix).matches() || cleanPrefix.contains("..") || cleanPrefix.startsWith("/")) {
            throw invalid("state.prefix may hold up to 200 letters, digits and !_.*'()/- (no '..', no leading '/')");
        }
        if (!cleanPrefix.isEmpty() && !cleanPrefix.endsWith("/")) {
            cleanPrefix = cleanPrefix + "/";
        }
        return new StateBackend(bucket, cleanPrefix);
    }

    /** The object key of a cluster's state. */
    public String stateKey(ClusterId cluster) {
        return prefix + "skyport/" + cluster.value() + "/terraform.tfstate";
    }

    private static String what(String provider) {
        return switch (provider) {
            case "aws" -> "S3 bucket";
            case "gcp" -> "Cloud Storage bucket";
            default -> "Azure storage account";
        };
    }

    private static DomainException invalid(String detail) {
        return DomainException.invalid("invalid-state", detail);
    }
}
