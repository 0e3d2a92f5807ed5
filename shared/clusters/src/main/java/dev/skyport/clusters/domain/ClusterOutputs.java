package dev.skyport.clusters.domain;

/**
 * What a finished apply tells about the cluster, reduced from {@code terraform output -json} by the run protocol.
 * A text the run did not report is empty: outputs recorded before Skyport kept what a kubeconfig needs have no
 * certificate authority and no names.
 *
 * @param endpoint                 the Kubernetes API server's URL
 * @param resourceId               the provider's id of the cluster (ARN, Azure resource id, GKE self link)
 * @param kubernetesVersion        the version the provider runs
 * @param consoleUrl               where the provider's console shows the cluster
 * @param certificateAuthorityData the API server's certificate authority: base64 of its PEM, as the providers give
 *                                 it and a kubeconfig's {@code certificate-authority-data} takes it (public, no secret)
 * @param clusterName              the cluster's name at the provider (EKS {@code skyport-<name>}, AKS, GKE)
 * @param location                 where the provider has it: the AWS region, the Azure location, the GKE location
 * @param resourceGroup            AKS: the resource group the cluster is in
 * @param project                  GKE: the project the cluster is in
 */
public record ClusterOutputs(String endpoint, String resourceId, String kubernetesVersion, String consoleUrl,
                             String certificateAuthorityData, String clusterName, String location,
                             String resourceGroup, String project) {

    /** Whether a kubeconfig can be written from these outputs: they hold the API's certificate authority. */
    public boolean hasCertificateAuthority() {
        return certificateAuthorityData != null && !certificateAuthorityData.isEmpty();
    }
}
