import { useMemo, useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { api, fieldOf, problemOf, type Problem, type Schemas } from "../api/client";
import { Field, Loading, ProblemBanner, Select, Title } from "../ui/Parts";

type Create = Schemas["ClusterViews.CreateRequest"];

const FIELDS = [
  "name", "cloud_account_id", "region", "kubernetes_version", "node_groups", "node_groups[0].name",
  "node_groups[0].instance_type", "node_groups[0].min_size", "node_groups[0].desired_size",
  "node_groups[0].max_size", "state", "state.bucket", "state.prefix", "addons", "tags",
] as const;

/** The create form, built from the catalogue: the account's provider decides regions, versions, sizes, add-ons. */
export function ClusterNew() {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const catalogue = useQuery({
    queryKey: ["catalogue"],
    queryFn: async () => (await api.GET("/clusters/catalogue")).data?.providers ?? [],
    staleTime: Infinity,
  });
  const accounts = useQuery({
    queryKey: ["cloud-accounts"],
    queryFn: async () => (await api.GET("/cloud-accounts")).data?.accounts ?? [],
  });
  const [accountId, setAccountId] = useState("");
  const account = accounts.data?.find((a) => a.id === accountId) ?? accounts.data?.[0];
  const provider = catalogue.data?.find((p) => p.provider === account?.provider);
  const buckets = useQuery({
    queryKey: ["cloud-accounts", account?.id, "buckets"],
    queryFn: async () =>
      (await api.GET("/cloud-accounts/{id}/buckets", { params: { path: { id: account!.id } } })).data?.buckets ?? [],
    enabled: account !== undefined,
  });

  const [name, setName] = useState("");
  const [region, setRegion] = useState("");
  const [version, setVersion] = useState("");
  const [instanceType, setInstanceType] = useState("");
  const [sizes, setSizes] = useState({ min: "1", desired: "2", max: "3" });
  const [addons, setAddons] = useState<string[]>([]);
  const [bucket, setBucket] = useState("");
  const [prefix, setPrefix] = useState("");
  const [tags, setTags] = useState("");
  // One key per form: a double click or a retried request makes one cluster, not two.
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);

  const create = useMutation<Schemas["ClusterViews.ClusterView"], Problem, Create>({
    mutationFn: async (body) => {
      const { data, error, response } = await api.POST("/clusters", {
        body,
        params: { header: { "Idempotency-Key": idempotencyKey } },
      });
      if (!data) throw problemOf(error, response);
      return data;
    },
    onSuccess: (cluster) => {
      void queries.invalidateQueries({ queryKey: ["clusters"] });
      navigate(`/clusters/${cluster.id}`);
    },
  });

  if (catalogue.isPending || accounts.isPending) return <Loading />;
  if (!account || !provider) {
    return (
      <section>
        <Title text="New cluster" />
        <p className="empty">
          A cluster is made in one of your cloud accounts. <Link to="/cloud-accounts/new">Connect one first</Link>.
        </p>
      </section>
    );
  }
  const chosenRegion = region || provider.regions[0] || "";
  const chosenVersion = version || provider.default_kubernetes_version;
  const field = fieldOf(create.error ?? undefined, FIELDS);
  const errorOn = (name: string) => (field === name ? create.error?.detail : undefined);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({
      name,
      cloud_account_id: account!.id,
      region: chosenRegion,
      kubernetes_version: chosenVersion,
      node_groups: [
        {
          name: provider!.default_node_group.name,
          instance_type: instanceType || provider!.default_node_group.instance_type,
          min_size: Number(sizes.min),
          desired_size: Number(sizes.desired),
          max_size: Number(sizes.max),
        },
      ],
      addons,
      tags: parseTags(tags),
      ...(bucket ? { state: { bucket, ...(prefix ? { prefix } : {}) } } : {}),
    });
  }

  return (
    <section>
      <Title text="New cluster" />
      <form onSubmit={submit} noValidate className="form">
        <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} required
               hint="Lower-case letters, digits and dashes." error={errorOn("name")} autoComplete="off" />
        <Select label="Cloud account" value={account.id} onChange={setAccountId}
                options={accounts.data!.map((a) => ({ value: a.id, label: `${a.name} (${a.provider.toUpperCase()})` }))}
                error={errorOn("cloud_account_id")} />
        <Select label="Region" value={chosenRegion} onChange={setRegion}
                options={provider.regions.map((r) => ({ value: r, label: r }))} error={errorOn("region")} />
        <Select label="Kubernetes version" value={chosenVersion} onChange={setVersion}
                options={provider.kubernetes_versions.map((v) => ({ value: v, label: v }))}
                error={errorOn("kubernetes_version")} />
        <fieldset>
          <legend>Node group</legend>
          <Field label="Instance type" value={instanceType} placeholder={provider.default_node_group.instance_type}
                 onChange={(e) => setInstanceType(e.target.value)} hint={`For example ${provider.instance_type_example}`}
                 error={errorOn("node_groups[0].instance_type") ?? errorOn("node_groups")} />
          <div className="row">
            {(["min", "desired", "max"] as const).map((size) => (
              <Field key={size} label={`${size[0]!.toUpperCase()}${size.slice(1)} nodes`} type="number" min={0}
                     inputMode="numeric" value={sizes[size]}
                     onChange={(e) => setSizes({ ...sizes, [size]: e.target.value })}
                     error={errorOn(`node_groups[0].${size}_size`)} />
            ))}
          </div>
        </fieldset>
        {provider.addons.length > 0 && (
          <fieldset>
            <legend>Add-ons</legend>
            {provider.addons.map((addon) => (
              <label key={addon.name} className="check">
                <input type="checkbox" checked={addons.includes(addon.name)}
                       onChange={(e) => setAddons(e.target.checked ? [...addons, addon.name]
                         : addons.filter((a) => a !== addon.name))} />
                {addon.name} <small>chart {addon.chart_version}</small>
              </label>
            ))}
          </fieldset>
        )}
        <fieldset>
          <legend>Terraform state</legend>
          <Field label="Bucket" value={bucket} onChange={(e) => setBucket(e.target.value)} list="state-buckets"
                 hint={bucketHint(buckets.data?.find((b) => b.name === bucket)?.location, chosenRegion)}
                 error={errorOn("state.bucket") ?? errorOn("state")} autoComplete="off" />
          <datalist id="state-buckets">
            {buckets.data?.map((b) => <option key={b.name} value={b.name}>{b.location}</option>)}
          </datalist>
          <Field label="Key prefix (optional)" value={prefix} onChange={(e) => setPrefix(e.target.value)}
                 error={errorOn("state.prefix")} autoComplete="off" />
        </fieldset>
        <Field label="Tags (optional)" value={tags} onChange={(e) => setTags(e.target.value)} autoComplete="off"
               hint="key=value pairs, comma-separated: team=platform, env=dev" error={errorOn("tags")} />
        {!field && <ProblemBanner problem={create.error} />}
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            Create cluster
          </button>
          <Link to="/clusters">Cancel</Link>
        </div>
      </form>
    </section>
  );
}

/** "team=platform, env=dev" as the API's tags; a pair without "=" is a key with an empty value, for the API to judge. */
function parseTags(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split(",")
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf("=");
        return at < 0 ? [pair, ""] : [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
      }),
  );
}

function bucketHint(location: string | undefined, region: string): string {
  const what = "A bucket of this account that keeps the cluster's Terraform state (versioned, encrypted).";
  if (!location) return what;
  return location === region ? `${what} It is in ${location}.`
    : `${what} It is in ${location}, the cluster in ${region}: they must be in the same region.`;
}
