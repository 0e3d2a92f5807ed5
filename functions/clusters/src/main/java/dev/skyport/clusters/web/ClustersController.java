package dev.skyport.clusters.web;

import dev.skyport.clusters.application.ClusterPage;
import dev.skyport.clusters.application.ClusterRequests;
import dev.skyport.clusters.application.ClusterRules;
import dev.skyport.clusters.application.RunLogs;
import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterId;
import dev.skyport.clusters.domain.Run;
import dev.skyport.clusters.web.ClusterViews.CatalogueView;
import dev.skyport.clusters.web.ClusterViews.ClusterList;
import dev.skyport.clusters.web.ClusterViews.ClusterView;
import dev.skyport.clusters.web.ClusterViews.CreateRequest;
import dev.skyport.clusters.web.ClusterViews.EventList;
import dev.skyport.clusters.web.ClusterViews.EventView;
import dev.skyport.clusters.web.ClusterViews.LogLineView;
import dev.skyport.clusters.web.ClusterViews.LogPageView;
import dev.skyport.clusters.web.ClusterViews.RunList;
import dev.skyport.clusters.web.ClusterViews.RunView;
import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.UserId;
import dev.skyport.platform.web.ClientAddress;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.net.URI;
import java.util.Optional;

/**
 * The signed-in person's clusters. Another person's cluster id answers 404, as if it did not exist. Requests that
 * start a run answer 202: the run goes on, and its progress shows in the cluster, its events and its runs.
 */
@Controller("/clusters")
@Secured(SecurityRule.IS_AUTHENTICATED)
// Only where runs can start: the same jar serves the backstop and the run broker, which start no run and whose
// SnapStart init builds every singleton.
@Requires(beans = ClusterRequests.class)
public class ClustersController {

    private static final String DEFAULT_LIMIT = "20";

    private final ClusterRequests requests;
    private final ClusterRules rules;

    public ClustersController(ClusterRequests requests, ClusterRules rules) {
        this.requests = requests;
        this.rules = rules;
    }

    /**
     * Asks for a cluster. With an {@code Idempotency-Key} header, a repeated request answers the first one's cluster
     * (header {@code Idempotent-Replayed: true}) instead of making a second.
     */
    @Post
    @Status(HttpStatus.ACCEPTED)
    public MutableHttpResponse<ClusterView> createCluster(Authentication caller, HttpRequest<?> http,
                                                   @Body @Nullable CreateRequest request,
                                                   @Header("Idempotency-Key") @Nullable String idempotencyKey) {
        if (request == null) {
            throw DomainException.invalid("malformed-request", "a JSON body is required");
        }
        if (request.state() == null) {
            throw DomainException.invalid("invalid-state", "state.bucket is required: the bucket of your cloud"
                    + " account where Terraform keeps the cluster's state");
        }
        ClusterRequests.Caller asking = new ClusterRequests.Caller(owner(caller), caller.getRoles().contains("ADMIN"),
                Optional.of(ClientAddress.of(http).value()).filter(address -> !address.equals(ClientAddress.UNKNOWN)));
        ClusterRequests.Created created = requests.create(asking, request.cloudAccountId(),
                request.toSpecRequest(), Optional.ofNullable(idempotencyKey));
        MutableHttpResponse<ClusterView> response = accepted(created.cluster());
        return created.replayed() ? response.header("Idempotent-Replayed", "true") : response;
    }

    /** What a cluster can be: providers, regions, Kubernetes versions, node groups, add-ons. */
    @Get("/catalogue")
    public CatalogueView catalogue() {
        return CatalogueView.of(rules.catalogue());
    }

    /** Your clusters, newest first; DELETED ones only when asked for. */
    @Get
    public ClusterList listClusters(Authentication caller, @QueryValue @Nullable String status,
                            @QueryValue @Nullable String cursor,
                            @QueryValue(defaultValue = DEFAULT_LIMIT) int limit) {
        ClusterPage page = requests.list(owner(caller), Optional.ofNullable(status), Optional.ofNullable(cursor),
                limit);
        return new ClusterList(page.clusters().stream().map(ClusterView::of).toList(),
                page.nextCursor().orElse(null));
    }

    /** A cluster: its configuration, status, outputs once RUNNING and current run. */
    @Get("/{id}")
    public ClusterView getCluster(Authentication caller, @PathVariable String id) {
        Cluster cluster = requests.get(owner(caller), ClusterId.parse(id));
        Run current = cluster.currentRun().map(run -> requests.run(owner(caller), cluster.id(), run)).orElse(null);
        return ClusterView.of(cluster, current);
    }

    /** Every transition of the cluster: when, who, from, to, why. */
    @Get("/{id}/events")
    public EventList listClusterEvents(Authentication caller, @PathVariable String id) {
        return new EventList(requests.events(owner(caller), ClusterId.parse(id)).stream().map(EventView::of)
                .toList());
    }

    /** The cluster's runs (apply, destroy), newest first. */
    @Get("/{id}/runs")
    public RunList listRuns(Authentication caller, @PathVariable String id) {
        return new RunList(requests.runs(owner(caller), ClusterId.parse(id)).stream().map(RunView::of).toList());
    }

    /** One run of the cluster. */
    @Get("/{id}/runs/{runId}")
    public RunView getRun(Authentication caller, @PathVariable String id, @PathVariable String runId) {
        return RunView.of(requests.run(owner(caller), ClusterId.parse(id), runId));
    }

    /** A page of the run's Terraform output; ask again with the cursor for the lines written since. */
    @Get("/{id}/runs/{runId}/logs")
    public LogPageView getRunLogs(Authentication caller, @PathVariable String id, @PathVariable String runId,
                            @QueryValue @Nullable String cursor,
                            @QueryValue(defaultValue = "200") int limit) {
        ClusterId cluster = ClusterId.parse(id);
        Run run = requests.run(owner(caller), cluster, runId);
        RunLogs.LogPage page = requests.logs(owner(caller), cluster, runId, Optional.ofNullable(cursor), limit);
        return new LogPageView(run.id(), run.status().name(), page.lines().stream().map(LogLineView::of).toList(),
                page.nextCursor());
    }

    /** Stops the run under way; the cluster ends FAILED (or DELETE_FAILED) with reason {@code cancelled}. */
    @Post("/{id}/cancel")
    public ClusterView cancelRun(Authentication caller, @PathVariable String id) {
        return ClusterView.of(requests.cancel(of(caller), ClusterId.parse(id)));
    }

    /** Runs apply again on a FAILED cluster. */
    @Post("/{id}/retry")
    @Status(HttpStatus.ACCEPTED)
    public MutableHttpResponse<ClusterView> retryCluster(Authentication caller, @PathVariable String id) {
        return accepted(requests.retry(of(caller), ClusterId.parse(id)));
    }

    /** Runs destroy; the cluster is DELETED once its resources are gone. */
    @Delete("/{id}")
    @Status(HttpStatus.ACCEPTED)
    public MutableHttpResponse<ClusterView> deleteCluster(Authentication caller, @PathVariable String id) {
        return accepted(requests.delete(of(caller), ClusterId.parse(id)));
    }

    private static MutableHttpResponse<ClusterView> accepted(Cluster cluster) {
        return HttpResponse.<ClusterView>status(HttpStatus.ACCEPTED).body(ClusterView.of(cluster))
                .headers(headers -> headers.location(URI.create("/clusters/" + cluster.id())));
    }

    private static UserId owner(Authentication caller) {
        return new UserId(caller.getName());
    }

    private static ClusterRequests.Caller of(Authentication caller) {
        return new ClusterRequests.Caller(owner(caller), caller.getRoles().contains("ADMIN"));
    }
}
