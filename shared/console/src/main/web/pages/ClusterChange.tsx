import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, problemOf, type Cluster, type Problem, type Schemas } from "../api/client";
import { Field, ProblemBanner } from "../ui/Parts";
import { PlanView } from "./PlanView";

type Change = Schemas["ClusterViews.ChangeRequest"];

/** The next minor version after {@code version} among {@code offered}, if the region offers it. */
function nextMinor(version: string, offered: readonly string[]): string | undefined {
  const [major, minor] = version.split(".").map(Number);
  const next = `${major}.${(minor ?? 0) + 1}`;
  return offered.includes(next) ? next : undefined;
}

/** A UTC instant as a datetime-local input's value (minutes), in the person's time zone. */
function localInput(at: string | null | undefined): string {
  if (!at) return "";
  const date = new Date(at);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/**
 * Day-two changes of a cluster, each a PATCH made on the version the page shows (If-Match): an upgrade to the next
 * Kubernetes minor version, node group sizes, deletion protection and expiry. A change someone else made first is
 * refused (412) and the page reloads what the cluster is now.
 */
export function ClusterChange({ cluster }: { cluster: Cluster }) {
  const queries = useQueryClient();
  const catalogue = useQuery({
    queryKey: ["catalogue"],
    queryFn: async () => (await api.GET("/clusters/catalogue")).data?.providers ?? [],
  });
  const offer = catalogue.data?.find((p) => p.provider === cluster.provider);
  const offered = offer?.regional_kubernetes_versions?.[cluster.region] ?? offer?.kubernetes_versions ?? [];
  const upgrade = nextMinor(cluster.kubernetes_version, offered);
  const [sizes, setSizes] = useState(() => Object.fromEntries(cluster.node_groups.map((g) =>
    [g.name, { min: String(g.min_size), desired: String(g.desired_size), max: String(g.max_size) }])));
  const [expiry, setExpiry] = useState(localInput(cluster.expires_at));

  const change = useMutation<unknown, Problem, Change>({
    mutationFn: async (body) => {
      const { error, response } = await api.PATCH("/clusters/{id}", {
        params: { path: { id: cluster.id }, header: { "If-Match": `"${cluster.version}"` } },
        body,
      });
      if (!response.ok) throw problemOf(error, response);
    },
    onSettled: () => void queries.invalidateQueries({ queryKey: ["cluster", cluster.id] }),
  });
  const [planId, setPlanId] = useState<string>();
  const plan = useMutation<string, Problem, Change>({
    mutationFn: async (body) => {
      const { data, error, response } = await api.POST("/clusters/{id}/plan", {
        params: { path: { id: cluster.id } },
        body,
      });
      if (!data) throw problemOf(error, response);
      return data.id;
    },
    onSuccess: setPlanId,
  });
  const editable = cluster.status === "RUNNING" || cluster.status === "UPDATE_FAILED";
  const sized = (): Change => ({
    node_groups: Object.fromEntries(Object.entries(sizes).map(([name, s]) => [name, {
      min_size: Number(s.min), desired_size: Number(s.desired), max_size: Number(s.max),
    }])),
  });

  function saveSizes(event: FormEvent) {
    event.preventDefault();
    change.mutate(sized());
  }

  return (
    <section aria-labelledby="change-heading">
      <h2 id="change-heading">Change</h2>
      <ProblemBanner problem={change.error ?? plan.error} />
      {planId && <PlanView key={planId} cluster={cluster} runId={planId} onClose={() => setPlanId(undefined)} />}
      <div className="actions">
        <label className="check">
          <input type="checkbox" checked={cluster.deletion_protection} disabled={change.isPending}
                 onChange={(e) => change.mutate({ deletion_protection: e.target.checked })} />
          Deletion protection
        </label>
        {editable && upgrade && (
          <>
            <button type="button" disabled={change.isPending}
                    onClick={() => change.mutate({ kubernetes_version: upgrade })}>
              Upgrade Kubernetes to {upgrade}
            </button>
            <button type="button" disabled={plan.isPending}
                    onClick={() => plan.mutate({ kubernetes_version: upgrade })}>
              Plan the upgrade
            </button>
          </>
        )}
      </div>
      <form className="row" onSubmit={(e) => {
        e.preventDefault();
        change.mutate({ expires_at: expiry ? new Date(expiry).toISOString() : null });
      }}>
        <Field label="Expires at (a destroy starts then; at most 90 days ahead)" type="datetime-local"
               value={expiry} onChange={(e) => setExpiry(e.target.value)} />
        <button type="submit" disabled={change.isPending}>{expiry ? "Set expiry" : "Clear expiry"}</button>
      </form>
      {editable && (
        <form onSubmit={saveSizes}>
          {cluster.node_groups.map((g) => (
            <fieldset key={g.name}>
              <legend>Node group {g.name} ({g.instance_type})</legend>
              <div className="row">
                {(["min", "desired", "max"] as const).map((size) => (
                  <Field key={size} label={`${size[0]!.toUpperCase()}${size.slice(1)} nodes`} type="number" min={0}
                         inputMode="numeric" value={sizes[g.name]?.[size] ?? ""}
                         onChange={(e) => setSizes({ ...sizes, [g.name]: { ...sizes[g.name]!, [size]: e.target.value } })} />
                ))}
              </div>
            </fieldset>
          ))}
          <div className="actions">
            <button type="submit" disabled={change.isPending}>Save node group sizes</button>
            <button type="button" disabled={plan.isPending} onClick={() => plan.mutate(sized())}>
              Plan the sizes
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
