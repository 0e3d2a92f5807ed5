package dev.skyport.clusters.application;

import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.Kubeconfig;
import dev.skyport.kernel.UserId;
import java.util.Optional;

/**
 * How a person reaches their RUNNING cluster's Kubernetes API: its kubeconfig, which authenticates through the
 * provider's exec plugin with the person's own sign-in and so holds no secret. Owner-scoped as every cluster
 * request: another person's cluster is as absent as none (404).
 */
public class ClusterAccess {

    private final ClusterRequests requests;
    private final CloudAccountDirectory accounts;

    public ClusterAccess(ClusterRequests requests, CloudAccountDirectory accounts) {
        this.requests = requests;
        this.accounts = accounts;
    }

    /**
     * The kubeconfig of the caller's cluster; in a cloud account that is an AWS role, the role's ARN is the one the
     * account has now.
     *
     * @throws dev.skyport.kernel.DomainException {@code cluster-not-found} (404); {@code cluster-not-running} (409)
     *                                            unless the cluster is RUNNING with its certificate authority known
     */
    public Kubeconfig kubeconfig(UserId owner, ClusterId id) {
        Cluster cluster = requests.get(owner, id);
        Optional<String> awsRole = "aws".equals(cluster.spec().provider())
                ? accounts.find(owner, cluster.cloudAccountId()).flatMap(CloudAccountDirectory.ProvisioningAccount::roleArn)
                : Optional.empty();
        return Kubeconfig.of(cluster, awsRole);
    }
}
