package dev.skyport.clusters.domain;

/**
 * What a finished apply tells about the cluster, reduced from {@code terraform output -json} by the run protocol.
 *
 * @param endpoint          the Kubernetes API server's URL
 * @param resourceId        the provider's id of the cluster (ARN, Azure resource id, GKE self link)
 * @param kubernetesVersion the version the provider runs
 * @param consoleUrl        where the provider's console shows the cluster
 */
public record ClusterOutputs(String endpoint, String resourceId, String kubernetesVersion, String consoleUrl) {
}
