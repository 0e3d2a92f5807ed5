import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams } from "react-router";
import { useState } from "react";
import { api, problemOf, type Cluster, type Problem } from "../api/client";
import { ConfirmByTyping, Loading, NotFound, ProblemBanner, Status, Title, When } from "../ui/Parts";
import { ClusterChange } from "./ClusterChange";
import { KubeconfigDownload } from "./KubeconfigDownload";
import { RunLog } from "./RunLog";

const UNDER_WAY = new Set(["REQUESTED", "PROVISIONING", "UPDATING", "DELETING"]);
/** The cluster's API serves: it runs, or a change of it is under way or failed part-way. */
const SERVING = new Set(["RUNNING", "UPDATING", "UPDATE_FAILED"]);

export function ClusterPage() {
  const { id = "" } = useParams();
  const queries = useQueryClient();
  const cluster = useQuery<Cluster, Problem>({
    queryKey: ["cluster", id],
    queryFn: async () => {
      const { data, error, response } = await api.GET("/clusters/{id}", { params: { path: { id } } });
      if (!data) throw problemOf(error, response);
      return data;
    },
    retry: (count, problem) => problem.status >= 500 && count < 2,
  });
  const events = useQuery({
    queryKey: ["cluster", id, "events"],
    queryFn: async () => (await api.GET("/clusters/{id}/events", { params: { path: { id } } })).data?.events ?? [],
    enabled: cluster.isSuccess,
  });
  const runs = useQuery({
    queryKey: ["cluster", id, "runs"],
    queryFn: async () => (await api.GET("/clusters/{id}/runs", { params: { path: { id } } })).data?.runs ?? [],
    enabled: cluster.isSuccess,
  });
  const [shownRun, setShownRun] = useState<string>();

  const act = useMutation<unknown, Problem, "cancel" | "retry" | "delete" | "force">({
    mutationFn: async (action) => {
      const path = { params: { path: { id } } };
      const { error, response } =
        action === "cancel" ? await api.POST("/clusters/{id}/cancel", path)
          : action === "retry" ? await api.POST("/clusters/{id}/retry", path)
            : await api.DELETE("/clusters/{id}", { params: { path: { id }, query: { force: action === "force" ? "true" : "false" } } });
      if (!response.ok) throw problemOf(error, response);
    },
    onSettled: () => void queries.invalidateQueries({ queryKey: ["cluster", id] }),
  });

  if (cluster.isPending) return <Loading />;
  if (cluster.error?.status === 404 || cluster.error?.status === 400) return <NotFound what="cluster" />;
  if (!cluster.data) return <ProblemBanner problem={cluster.error} />;
  const c = cluster.data;
  const runId = shownRun ?? c.current_run_id ?? runs.data?.[0]?.id;
  const underWay = UNDER_WAY.has(c.status);

  return (
    <section>
      <div className="heading">
        <Title text={c.name}>
          {c.name} <Status status={c.status} />
        </Title>
      </div>
      {c.reason && c.status.includes("FAILED") && (
        <div className="problem" role="alert" data-testid="reason">
          <strong>Failed:</strong> {c.reason}
        </div>
      )}
      <div className="actions">
        {underWay && c.current_run_id && (
          <button type="button" onClick={() => act.mutate("cancel")} disabled={act.isPending}>
            Cancel run
          </button>
        )}
        {(c.status === "FAILED" || c.status === "UPDATE_FAILED") && (
          <button type="button" onClick={() => act.mutate("retry")} disabled={act.isPending}>
            Retry
          </button>
        )}
        {SERVING.has(c.status) && <KubeconfigDownload clusterId={id} name={c.name} />}
        {c.status !== "DELETED" && c.status !== "DELETING" && (
          <ConfirmByTyping name={c.name} action="Delete cluster" busy={act.isPending}
                           onConfirm={() => act.mutate("delete")} />
        )}
        {c.status === "DELETE_FAILED" && (
          <ConfirmByTyping name={c.name} action="Remove from Skyport (resources may remain)" busy={act.isPending}
                           onConfirm={() => act.mutate("force")} />
        )}
      </div>
      <ProblemBanner problem={act.error} />

      <div className="grid">
        <dl className="facts">
          <dt>Provider</dt><dd>{c.provider.toUpperCase()} · {c.region}</dd>
          <dt>Kubernetes</dt><dd>{c.kubernetes_version}</dd>
          <dt>Node groups</dt>
          <dd>
            {c.node_groups.map((g) => (
              <div key={g.name}>
                {g.name}: {g.instance_type}, {g.min_size}–{g.max_size} (now {g.desired_size})
              </div>
            ))}
          </dd>
          <dt>Add-ons</dt><dd>{c.addons.map((a) => a.name).join(", ") || "none"}</dd>
          <dt>API access</dt><dd>{c.api_access.public ? `public from ${c.api_access.cidrs.join(", ") || "anywhere"}` : "private"}</dd>
          <dt>State</dt><dd><code>s3://{c.state.bucket}/{c.state.key}</code></dd>
          {c.outputs && (
            <>
              <dt>Endpoint</dt><dd><code>{c.outputs.endpoint}</code></dd>
              <dt>Resource</dt><dd><code>{c.outputs.resource_id}</code></dd>
              {c.outputs.console_url && (
                <>
                  <dt>Provider console</dt>
                  <dd><a href={c.outputs.console_url} rel="noreferrer noopener" target="_blank">open</a></dd>
                </>
              )}
            </>
          )}
          <dt>Deletion protection</dt><dd>{c.deletion_protection ? "on" : "off"}</dd>
          <dt>Expires</dt><dd>{c.expires_at ? <When at={c.expires_at} /> : "never"}</dd>
          <dt>Created</dt><dd><When at={c.created_at} /></dd>
        </dl>

        <div>
          <h2>Timeline</h2>
          <ol className="timeline" aria-label="Status changes">
            {events.data?.map((e) => (
              <li key={e.version}>
                <Status status={e.to} /> <When at={e.at} />
                {e.reason && <span className="reason"> {e.reason}</span>}
                <small> by {e.actor}</small>
                {e.changes.length > 0 && (
                  <ul className="changes">{e.changes.map((line) => <li key={line}>{line}</li>)}</ul>
                )}
              </li>
            ))}
          </ol>
        </div>
      </div>

      {c.status !== "DELETED" && c.status !== "DELETING" && (
        <ClusterChange key={c.version} cluster={c} />
      )}

      <h2>Runs</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr><th scope="col">Action</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Ended</th><th scope="col">Reason</th><th scope="col"><span className="sr-only">Log</span></th></tr>
          </thead>
          <tbody>
            {runs.data?.map((run) => (
              <tr key={run.id} aria-current={run.id === runId ? "true" : undefined}>
                <td>{run.action}</td>
                <td><Status status={run.status} /></td>
                <td><When at={run.requested_at} /></td>
                <td><When at={run.ended_at} /></td>
                <td>{run.reason}{run.details.length > 0 && `: ${run.details.join(", ")}`}</td>
                <td>
                  <button type="button" className="link" onClick={() => setShownRun(run.id)} disabled={run.id === runId}>
                    Show log
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {runId && <RunLog key={runId} clusterId={id} runId={runId} clusterName={c.name} />}
    </section>
  );
}
