import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router";
import { api, fieldOf, problemOf, type CloudAccount, type Problem } from "../api/client";
import { ConfirmByTyping, Field, Loading, NotFound, ProblemBanner, Select, Title, When } from "../ui/Parts";

function Verification({ account }: { account: CloudAccount }) {
  const last = account.last_verification;
  return (
    <span className={last.ok ? "status ok" : "status bad"} title={last.problem ?? undefined}>
      {last.ok ? "Verified" : `Failed: ${last.problem ?? "refused"}`}
    </span>
  );
}

export function CloudAccountList() {
  const accounts = useQuery({
    queryKey: ["cloud-accounts"],
    queryFn: async () => (await api.GET("/cloud-accounts")).data?.accounts ?? [],
  });
  return (
    <section>
      <div className="heading">
        <Title text="Cloud accounts" />
        <Link className="button primary" to="/cloud-accounts/new">Connect an account</Link>
      </div>
      {accounts.isPending && <Loading />}
      {accounts.data?.length === 0 && <p className="empty">No cloud account yet: connect AWS, Azure or Google Cloud.</p>}
      {accounts.data && accounts.data.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Provider</th><th scope="col">Environment</th><th scope="col">Last verification</th></tr>
            </thead>
            <tbody>
              {accounts.data.map((account) => (
                <tr key={account.id}>
                  <th scope="row"><Link to={`/cloud-accounts/${account.id}`}>{account.name}</Link></th>
                  <td>{account.provider.toUpperCase()}</td>
                  <td>{account.environment}</td>
                  <td><Verification account={account} /> <When at={account.last_verification.at} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

type Provider = "aws" | "azure" | "gcp";

const CREDENTIAL_FIELDS = ["credentials.access_key_id", "credentials.secret_access_key",
  "credentials.role_arn", "credentials.tenant_id", "credentials.client_id", "credentials.client_secret",
  "credentials.subscription_id", "credentials.service_account_json"];
type AwsKind = "access_keys" | "role";

/** The credential fields of each provider, as the API names them under credentials. */
function CredentialFields({ provider, awsKind, values, set, errorOn }: {
  provider: Provider;
  awsKind: AwsKind;
  values: Record<string, string>;
  set: (name: string, value: string) => void;
  errorOn: (name: string) => string | undefined;
}) {
  const input = (name: string, label: string, extra: Record<string, unknown> = {}) => (
    <Field label={label} value={values[name] ?? ""} onChange={(e) => set(name, e.target.value)}
           error={errorOn(`credentials.${name}`)} autoComplete="off" spellCheck={false} {...extra} />
  );
  if (provider === "aws" && awsKind === "access_keys") {
    return (
      <>
        {input("access_key_id", "Access key id", { placeholder: "AKIA…" })}
        {input("secret_access_key", "Secret access key", { type: "password" })}
      </>
    );
  }
  if (provider === "aws") {
    return <>{input("role_arn", "Role ARN", { placeholder: "arn:aws:iam::123456789012:role/skyport" })}</>;
  }
  if (provider === "azure") {
    return (
      <>
        {input("tenant_id", "Tenant id")}
        {input("client_id", "Client (application) id")}
        {input("client_secret", "Client secret", { type: "password" })}
        {input("subscription_id", "Subscription id (optional)")}
      </>
    );
  }
  return (
    <div className="field">
      <label htmlFor="gcp-key">Service account key (JSON file)</label>
      <input id="gcp-key" type="file" accept="application/json,.json"
             aria-describedby={errorOn("credentials.service_account_json") ? "gcp-key-error" : undefined}
             onChange={(e) => void e.target.files?.[0]?.text().then((text) => set("service_account_json", text))} />
      {errorOn("credentials.service_account_json") && (
        <small id="gcp-key-error" className="error">{errorOn("credentials.service_account_json")}</small>
      )}
    </div>
  );
}

/** How to let Skyport in with a role: the external id and the principals the role must trust. */
function RoleHelp() {
  const trust = useQuery({
    queryKey: ["external-id"],
    queryFn: async () => (await api.GET("/cloud-accounts/aws/external-id")).data,
  });
  if (!trust.data) return null;
  const policy = {
    Version: "2012-10-17",
    Statement: [{
      Effect: "Allow",
      Principal: { AWS: trust.data.trusted_principals },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "sts:ExternalId": trust.data.external_id } },
    }],
  };
  return (
    <div className="help">
      <p>
        Create a role in your account that trusts Skyport with your external id{" "}
        <code data-testid="external-id">{trust.data.external_id}</code>, and attach Skyport's permissions policy to it.
        Its trust policy:
      </p>
      <pre className="copy">{JSON.stringify(policy, null, 2)}</pre>
    </div>
  );
}

export function CloudAccountNew() {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [provider, setProvider] = useState<Provider>("aws");
  const [awsKind, setAwsKind] = useState<AwsKind>("access_keys");
  const [name, setName] = useState("");
  const [environment, setEnvironment] = useState("dev");
  const [values, setValues] = useState<Record<string, string>>({});
  const connect = useMutation<CloudAccount, Problem, void>({
    mutationFn: async () => {
      const credentials = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ""));
      const { data, error, response } = await api.POST("/cloud-accounts", {
        body: { name, provider, environment, credentials },
      });
      if (!data) throw problemOf(error, response);
      return data;
    },
    onSuccess: (account) => {
      void queries.invalidateQueries({ queryKey: ["cloud-accounts"] });
      navigate(`/cloud-accounts/${account.id}`);
    },
  });
  const field = fieldOf(connect.error ?? undefined, ["name", "provider", "environment", ...CREDENTIAL_FIELDS]);
  const errorOn = (f: string) => (field === f ? connect.error?.detail : undefined);

  function submit(event: FormEvent) {
    event.preventDefault();
    connect.mutate();
  }

  return (
    <section>
      <Title text="Connect a cloud account" />
      <form onSubmit={submit} noValidate className="form">
        <Select label="Provider" value={provider}
                onChange={(value) => { setProvider(value as Provider); setValues({}); }}
                options={[{ value: "aws", label: "AWS" }, { value: "azure", label: "Azure" }, { value: "gcp", label: "Google Cloud" }]} />
        {provider === "aws" && (
          <Select label="How Skyport signs in" value={awsKind}
                  onChange={(value) => { setAwsKind(value as AwsKind); setValues({}); }}
                  options={[{ value: "access_keys", label: "Access keys of an IAM user" },
                    { value: "role", label: "A role Skyport assumes (recommended)" }]} />
        )}
        {provider === "aws" && awsKind === "role" && <RoleHelp />}
        <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errorOn("name")} />
        <Select label="Environment" value={environment} onChange={setEnvironment} error={errorOn("environment")}
                options={["dev", "staging", "prod"].map((e) => ({ value: e, label: e }))} />
        <CredentialFields provider={provider} awsKind={awsKind} values={values} errorOn={errorOn}
                          set={(n, v) => setValues({ ...values, [n]: v })} />
        <p className="hint">Skyport asks the provider whether these credentials work before it keeps them; they are
          stored in Secrets Manager and never shown again.</p>
        {!field && <ProblemBanner problem={connect.error} />}
        <div className="actions">
          <button type="submit" className="primary" disabled={connect.isPending}>
            {connect.isPending ? "Verifying…" : "Verify and connect"}
          </button>
          <Link to="/cloud-accounts">Cancel</Link>
        </div>
      </form>
    </section>
  );
}

export function CloudAccountPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const account = useQuery<CloudAccount, Problem>({
    queryKey: ["cloud-accounts", id],
    queryFn: async () => {
      const { data, error, response } = await api.GET("/cloud-accounts/{id}", { params: { path: { id } } });
      if (!data) throw problemOf(error, response);
      return data;
    },
    retry: false,
  });
  const [showBuckets, setShowBuckets] = useState(false);
  const [rotating, setRotating] = useState(false);
  const buckets = useQuery({
    queryKey: ["cloud-accounts", id, "buckets"],
    queryFn: async () => {
      const { data, error, response } = await api.GET("/cloud-accounts/{id}/buckets", { params: { path: { id } } });
      if (!data) throw problemOf(error, response);
      return data.buckets;
    },
    enabled: showBuckets,
  });
  const act = useMutation<unknown, Problem, "verify" | "delete">({
    mutationFn: async (action) => {
      const path = { params: { path: { id } } };
      const { error, response } = action === "verify"
        ? await api.POST("/cloud-accounts/{id}/verify", path)
        : await api.DELETE("/cloud-accounts/{id}", path);
      if (!response.ok) throw problemOf(error, response);
    },
    onSuccess: (_, action) => {
      void queries.invalidateQueries({ queryKey: ["cloud-accounts"] });
      if (action === "delete") navigate("/cloud-accounts");
    },
  });

  if (account.isPending) return <Loading />;
  if (account.error?.status === 404 || account.error?.status === 400) return <NotFound what="cloud account" />;
  if (!account.data) return <ProblemBanner problem={account.error} />;
  const a = account.data;
  return (
    <section>
      <Title text={a.name} />
      <dl className="facts">
        <dt>Provider</dt><dd>{a.provider.toUpperCase()} · {a.environment}</dd>
        {Object.entries(a.credentials).map(([key, value]) => (
          <FactRow key={`c-${key}`} name={key.replaceAll("_", " ")} value={value} />
        ))}
        {Object.entries(a.details).map(([key, value]) => (
          <FactRow key={`d-${key}`} name={key.replaceAll("_", " ")} value={value} />
        ))}
        <dt>Last verification</dt><dd><Verification account={a} /> <When at={a.last_verification.at} /></dd>
        <dt>Connected</dt><dd><When at={a.created_at} /></dd>
      </dl>
      <div className="actions">
        <button type="button" onClick={() => act.mutate("verify")} disabled={act.isPending}>Verify again</button>
        <button type="button" onClick={() => setShowBuckets(true)}>List buckets</button>
        <button type="button" onClick={() => setRotating(!rotating)} aria-expanded={rotating}>Rotate credentials</button>
        <ConfirmByTyping name={a.name} action="Delete account" busy={act.isPending} onConfirm={() => act.mutate("delete")} />
      </div>
      <ProblemBanner problem={act.error} />
      {rotating && <Rotate account={a} done={() => setRotating(false)} />}
      {showBuckets && (
        <>
          <h2>Buckets</h2>
          {buckets.isPending && <Loading />}
          <ProblemBanner problem={buckets.error ? problemOf(buckets.error) : null} />
          <ul>{buckets.data?.map((b) => <li key={b.name}><code>{b.name}</code> <small>{b.location}</small></li>)}</ul>
        </>
      )}
    </section>
  );
}

/** New credentials for the same account: verified by the provider before they replace the old ones. */
function Rotate({ account, done }: { account: CloudAccount; done: () => void }) {
  const queries = useQueryClient();
  const provider = account.provider as Provider;
  const [awsKind, setAwsKind] = useState<AwsKind>(account.credentials["kind"] === "role" ? "role" : "access_keys");
  const [values, setValues] = useState<Record<string, string>>({});
  const rotate = useMutation<CloudAccount, Problem, void>({
    mutationFn: async () => {
      const credentials = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ""));
      const { data, error, response } = await api.PUT("/cloud-accounts/{id}/credentials", {
        params: { path: { id: account.id } },
        body: { credentials },
      });
      if (!data) throw problemOf(error, response);
      return data;
    },
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: ["cloud-accounts"] });
      done();
    },
  });
  const field = fieldOf(rotate.error ?? undefined, CREDENTIAL_FIELDS);
  return (
    <form className="form" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); rotate.mutate(); }}>
      <h2>Rotate credentials</h2>
      {provider === "aws" && (
        <Select label="How Skyport signs in" value={awsKind}
                onChange={(value) => { setAwsKind(value as AwsKind); setValues({}); }}
                options={[{ value: "access_keys", label: "Access keys of an IAM user" },
                  { value: "role", label: "A role Skyport assumes" }]} />
      )}
      <CredentialFields provider={provider} awsKind={awsKind} values={values}
                        errorOn={(f) => (field === f ? rotate.error?.detail : undefined)}
                        set={(n, v) => setValues({ ...values, [n]: v })} />
      {!field && <ProblemBanner problem={rotate.error} />}
      <button type="submit" className="primary" disabled={rotate.isPending}>
        {rotate.isPending ? "Verifying…" : "Verify and replace"}
      </button>
    </form>
  );
}

function FactRow({ name, value }: { name: string; value: string }) {
  return (
    <>
      <dt>{name}</dt>
      <dd><code>{value}</code></dd>
    </>
  );
}
