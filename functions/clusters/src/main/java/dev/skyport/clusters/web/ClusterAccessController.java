package dev.skyport.clusters.web;

import dev.skyport.clusters.application.ClusterAccess;
import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.Kubeconfig;
import dev.skyport.kernel.UserId;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

/**
 * How the signed-in person reaches their running cluster's Kubernetes API. Another person's cluster id answers 404,
 * as if it did not exist; a refusal is a problem+json answer, as on every route.
 */
@Controller("/clusters")
@Secured(SecurityRule.IS_AUTHENTICATED)
@Requires(beans = ClusterAccess.class)
public class ClusterAccessController {

    /** A kubeconfig's media type (RFC 9512). */
    public static final String YAML = "application/yaml";

    private final ClusterAccess access;

    public ClusterAccessController(ClusterAccess access) {
        this.access = access;
    }

    /**
     * The cluster's kubeconfig, once it is RUNNING: its API endpoint and certificate authority, and a user who
     * authenticates through the provider's exec plugin with your own sign-in (aws eks get-token, kubelogin,
     * gke-gcloud-auth-plugin), so it holds no secret. A download ({@code Content-Disposition: attachment}), never
     * cached. 409 {@code cluster-not-running} while the cluster is not RUNNING, or when it was made before Skyport
     * kept its certificate authority.
     */
    @Get("/{id}/kubeconfig")
    @Produces(YAML)
    public HttpResponse<String> getKubeconfig(Authentication caller, @PathVariable String id) {
        Kubeconfig kubeconfig = access.kubeconfig(new UserId(caller.getName()), ClusterId.parse(id));
        return HttpResponse.ok(kubeconfig.yaml()).contentType(YAML)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + kubeconfig.fileName() + "\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
