import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, problemOf, type Cluster, type Problem, type Schemas } from "../api/client";
import { ProblemBanner, Status } from "../ui/Parts";

type Run = Schemas["ClusterViews.RunView"];

/**
 * A plan of a change (a run of kind plan): what Terraform would add, change and destroy, as it runs and once it is
 * done; applied by its id, on the version the page shows, it changes exactly what it planned.
 */
export function PlanView({ cluster, runId, onClose }: { cluster: Cluster; runId: string; onClose: () => void }) {
  const queries = useQueryClient();
  const plan = useQuery<Run, Problem>({
    queryKey: ["cluster", cluster.id, "runs", runId],
    queryFn: async () => {
      const { data, error, response } = await api.GET("/clusters/{id}/runs/{runId}", {
        params: { path: { id: cluster.id, runId } },
      });
      if (!data) throw problemOf(error, response);
      return data;
    },
    refetchInterval: (query) => (query.state.data && query.state.data.status !== "STARTING"
      && query.state.data.status !== "RUNNING" ? false : 1000),
  });
  const apply = useMutation<unknown, Problem>({
    mutationFn: async () => {
      const { error, response } = await api.PATCH("/clusters/{id}", {
        params: { path: { id: cluster.id }, header: { "If-Match": `"${cluster.version}"` } },
        body: { plan_id: runId },
      });
      if (!response.ok) throw problemOf(error, response);
    },
    onSuccess: onClose,
    onSettled: () => void queries.invalidateQueries({ queryKey: ["cluster", cluster.id] }),
  });
  const run = plan.data;
  const summary = run?.plan?.summary;
  return (
    <section className="plan" aria-labelledby="plan-heading" data-testid="plan">
      <h3 id="plan-heading">Plan {run && <Status status={run.status} />}</h3>
      <ProblemBanner problem={plan.error ?? apply.error} />
      {run?.plan && <ul>{run.plan.changes.map((line) => <li key={line}>{line}</li>)}</ul>}
      {summary && (
        <>
          <p><strong>Plan: {summary.add} to add, {summary.change} to change, {summary.destroy} to destroy.</strong></p>
          <ul className="resources">
            {summary.resources.map((r) => <li key={r.address}><code>{r.address}</code> {r.action}</li>)}
          </ul>
        </>
      )}
      {run?.status === "FAILED" && <p>{run.reason}{run.details.length > 0 && `: ${run.details.join(", ")}`}</p>}
      <div className="actions">
        {run?.status === "SUCCEEDED" && (
          <button type="button" className="primary" onClick={() => apply.mutate()} disabled={apply.isPending}>
            Apply this plan
          </button>
        )}
        <button type="button" onClick={onClose}>Close</button>
      </div>
    </section>
  );
}
