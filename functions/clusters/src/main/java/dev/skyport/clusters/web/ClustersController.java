package dev.skyport.clusters.web;

import dev.skyport.clusters.application.ClusterPage;
import dev.skyport.clusters.application.ClusterRequests;
import dev.skyport.clusters.application.ClusterRules;
import dev.skyport.clusters.application.RunLogs;
import dev.skyport.clusters.domain.Cluster;
import dev.skyport.clusters.domain.ClusterChange;
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
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.json.JsonMapper;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
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
    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final ClusterRequests requests;
    private final ClusterRules rules;
    private final JsonMapper json;

    public ClustersController(ClusterRequests requests, ClusterRules rules, JsonMapper json) {
        this.requests = requests;
        this.rules = rules;
        this.json = json;
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
                request.toSpecRequest(), request.safeguards(), Optional.ofNullable(idempotencyKey));
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

    /**
     * A cluster: its configuration, status, outputs once RUNNING and current run. Its {@code ETag} is its version,
     * which a change names in {@code If-Match}.
     */
    @Get("/{id}")
    public HttpResponse<ClusterView> getCluster(Authentication caller, @PathVariable String id) {
        Cluster cluster = requests.get(owner(caller), ClusterId.parse(id));
        Run current = cluster.currentRun().map(run -> requests.run(owner(caller), cluster.id(), run)).orElse(null);
        return HttpResponse.ok(ClusterView.of(cluster, current)).header(HttpHeaders.ETAG, entityTag(cluster));
    }

    /**
     * Changes a cluster: Kubernetes version (one minor version up), node groups, add-ons, tags, API access (a run
     * applies them: 202, the cluster is UPDATING), or deletion protection and expiry (no run: 200). The body is a
     * JSON merge patch; {@code If-Match} must name the version the change was made on (the {@code ETag} of
     * {@code GET /clusters/{id}}): 428 without it, 412 when the cluster changed since.
     */
    @Patch(value = "/{id}", consumes = {MERGE_PATCH, MediaType.APPLICATION_JSON})
    public MutableHttpResponse<ClusterView> changeCluster(Authentication caller, @PathVariable String id,
            @Header(HttpHeaders.IF_MATCH) @Nullable String ifMatch,
            @Body @Nullable @RequestBody(content = {@Content(mediaType = MERGE_PATCH,
                    schema = @Schema(implementation = ClusterViews.ChangeRequest.class)),
                    @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ClusterViews.ChangeRequest.class))}) byte[] body) {
        ClusterId cluster = ClusterId.parse(id);
        long version = IfMatch.version(ifMatch);
        ClusterChangeRequests.Request change = ClusterChangeRequests.read(json, body);
        Cluster after = change.planId().isPresent()
                ? requests.applyPlan(of(caller), cluster, version, change.planId().get())
                : requests.change(of(caller), cluster, version, change.change());
        // A change is refused while a run is under way, so a cluster it leaves busy is one its own run moves on.
        boolean runStarted = after.status().isBusy();
        return (runStarted ? accepted(after) : HttpResponse.ok(ClusterView.of(after)))
                .header(HttpHeaders.ETAG, entityTag(after));
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

    /**
     * Stops one run: the cluster's run under way (as {@code POST /clusters/{id}/cancel}), or a plan, which ends
     * CANCELLED and leaves the cluster as it is.
     */
    @Post("/{id}/runs/{runId}/cancel")
    public RunView cancelOneRun(Authentication caller, @PathVariable String id, @PathVariable String runId) {
        return RunView.of(requests.cancelRun(of(caller), ClusterId.parse(id), runId));
    }

    /** Runs apply again on a FAILED cluster. */
    @Post("/{id}/retry")
    @Status(HttpStatus.ACCEPTED)
    public MutableHttpResponse<ClusterView> retryCluster(Authentication caller, @PathVariable String id) {
        return accepted(requests.retry(of(caller), ClusterId.parse(id)));
    }

    /**
     * Runs destroy; the cluster is DELETED once its resources are gone. Refused while it has deletion protection.
     * With {@code plan_id}, only while the cluster is as that plan of a destroy found it. With {@code force=true}, a
     * cluster whose destroy failed is removed from Skyport at once (200), and its history says what may remain in
     * the cloud account.
     */
    @Delete("/{id}")
    @Status(HttpStatus.ACCEPTED)
    public MutableHttpResponse<ClusterView> deleteCluster(Authentication caller, @PathVariable String id,
                                                          @QueryValue @Nullable String force,
                                                          @QueryValue("plan_id") @Nullable String planId) {
        if (force != null && !force.equals("true") && !force.equals("false")) {
            throw DomainException.invalid("malformed-request", "force must be true or false");
        }
        if ("true".equals(force)) {
            if (planId != null) {
                throw DomainException.invalid("malformed-request", "force=true removes without a run: no plan_id");
            }
            return HttpResponse.ok(ClusterView.of(requests.forceDelete(of(caller), ClusterId.parse(id))));
        }
        return accepted(requests.delete(of(caller), ClusterId.parse(id), Optional.ofNullable(planId)));
    }

    /**
     * Plans a change (the body of a PATCH) or, with {@code action=destroy} and no body, a destroy, without making
     * it: a run of kind {@code plan} (202) whose summary says what Terraform would add, change and destroy. Apply it
     * with {@code plan_id} (PATCH body, or DELETE query) while the cluster has not changed since.
     */
    @Post(value = "/{id}/plan", consumes = {MERGE_PATCH, MediaType.APPLICATION_JSON})
    @Status(HttpStatus.ACCEPTED)
    public MutableHttpResponse<RunView> planCluster(Authentication caller, @PathVariable String id,
            @QueryValue @Nullable String action,
            @Body @Nullable @RequestBody(content = {@Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ClusterViews.ChangeRequest.class))}) byte[] body) {
        Run.Action of = switch (action == null ? "update" : action) {
            case "update" -> Run.Action.UPDATE;
            case "destroy" -> Run.Action.DESTROY;
            default -> throw DomainException.invalid("malformed-request", "action must be update or destroy");
        };
        ClusterChange change = of == Run.Action.DESTROY && (body == null || body.length == 0)
                ? ClusterChange.none() : ClusterChangeRequests.change(json, body);
        Run plan = requests.plan(of(caller), ClusterId.parse(id), of, change);
        return HttpResponse.<RunView>status(HttpStatus.ACCEPTED).body(RunView.of(plan)).headers(headers ->
                headers.location(URI.create("/clusters/" + plan.cluster() + "/runs/" + plan.id())));
    }

    private static MutableHttpResponse<ClusterView> accepted(Cluster cluster) {
        return HttpResponse.<ClusterView>status(HttpStatus.ACCEPTED).body(ClusterView.of(cluster))
                .headers(headers -> headers.location(URI.create("/clusters/" + cluster.id())));
    }

    private static String entityTag(Cluster cluster) {
        return "\"" + cluster.version() + "\"";
    }

    private static UserId owner(Authentication caller) {
        return new UserId(caller.getName());
    }

    private static ClusterRequests.Caller of(Authentication caller) {
        return new ClusterRequests.Caller(owner(caller), caller.getRoles().contains("ADMIN"));
    }
}
