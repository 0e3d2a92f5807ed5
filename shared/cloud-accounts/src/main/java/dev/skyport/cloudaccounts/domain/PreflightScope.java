package dev.skyport.cloudaccounts.domain;

import dev.skyport.kernel.DomainException;
import java.util.regex.Pattern;

/**
 * What a run will do in a cloud account, as far as its preflight asks the provider: in which region, for which
 * cluster (its name, as the run's Terraform names what it makes after it), and where the run keeps its state.
 *
 * @param stateBucket the S3 bucket, Cloud Storage bucket or Azure storage account of the state
 * @param stateKey    the state's object key in it
 */
public record PreflightScope(String region, String clusterName, String stateBucket, String stateKey) {

    private static final Pattern REGION = Pattern.compile("^[a-z0-9-]{2,40}$");
    private static final Pattern NAME = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$");
    private static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$");
    private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9!_.*'()/-]{1,300}$");

    public PreflightScope {
        require("region", region, REGION);
        require("cluster_name", clusterName, NAME);
        require("state_bucket", stateBucket, BUCKET);
        require("state_key", stateKey, KEY);
    }

    private static void require(String field, String value, Pattern shape) {
        if (value == null || !shape.matcher(value).matches()) {
            throw DomainException.invalid("invalid-preflight", field + " is missing or not of the expected shape");
        }
    }
}
