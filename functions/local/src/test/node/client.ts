// A client of the Skyport API generated from its OpenAPI document (openapi-typescript types, openapi-fetch calls),
// walking a newcomer's path against a local platform. tsc checks every body and answer against the document's
// schemas; the run checks the server agrees. Usage: node build/client.js <base URL>; prints a JSON summary.
import createClient from "openapi-fetch";
import type { paths } from "./api.js";

const base = process.argv[2];
if (!base) {
  throw new Error("usage: client.js <base URL>");
}
const suffix = Date.now().toString(36);
const email = `client-${suffix}@example.com`;
const username = `client-${suffix}`;
const password = "correct horse battery staple";

function expect<T>(what: string, answer: { data?: T; error?: unknown; response: Response }, status: number): T {
  if (answer.response.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${answer.response.status} ${JSON.stringify(answer.error)}`);
  }
  return answer.data as T;
}

const anonymous = createClient<paths>({ baseUrl: base });
expect("sign up", await anonymous.POST("/auth/signup", { body: { email, username, password } }), 202);

// The outbox and the simulated cloud are the local platform's own routes, outside the API document.
const mails = (await (await fetch(`${base}/local/outbox`)).json()) as Array<{ to: string; links: string[] }>;
const link = mails.find((mail) => mail.to === email)?.links.find((l) => l.includes("/auth/verify?token="));
const token = link ? new URL(link).searchParams.get("token") : null;
if (!token) {
  throw new Error("no verification link in the outbox");
}
expect("verify", await anonymous.POST("/auth/verify", { body: { token } }), 200);

const signedIn = expect("log in", await anonymous.POST("/auth/login", { body: { login: username, password } }), 200);
// The answer is the session, or a second step's challenge for a person with two-factor sign-in on (not this one).
if ("challenge" in signedIn) {
  throw new Error("log in: a second step was asked of a person without two-factor sign-in");
}
const session = signedIn;
const api = createClient<paths>({ baseUrl: base, headers: { Authorization: `Bearer ${session.access_token}` } });
const me = expect("me", await api.GET("/me"), 200);

const simulated = (await (await fetch(`${base}/local/simulated-cloud`)).json()) as {
  aws: { passes: Record<string, unknown> };
};
const account = expect("connect a cloud account", await api.POST("/cloud-accounts", {
  body: { name: "Generated client", provider: "aws", environment: "dev", credentials: simulated.aws.passes },
}), 201);

const cluster = expect("create a cluster", await api.POST("/clusters", {
  body: {
    name: "from-the-client",
    cloud_account_id: account.id,
    region: "eu-west-1",
    state: { bucket: "acme-tf-state" },
    node_groups: [{ name: "system", instance_type: "m6i.large", min_size: 1, desired_size: 1, max_size: 2 }],
  },
}), 202);
const read = expect("read the cluster", await api.GET("/clusters/{id}", { params: { path: { id: cluster.id } } }), 200);
const mine = expect("list clusters", await api.GET("/clusters"), 200);
const unread = expect("unread count", await api.GET("/notifications/unread-count"), 200);
const refused = await api.GET("/clusters/{id}", { params: { path: { id: "7c9e6679-7425-40de-944b-e07fc1f90ae7" } } });

// The kubeconfig is YAML (the document says application/yaml): read as text, once the simulated run is over.
const early = await api.GET("/clusters/{id}/kubeconfig", { params: { path: { id: cluster.id } }, parseAs: "text" });
let status = cluster.status;
for (let waited = 0; status !== "RUNNING" && waited < 60_000; waited += 500) {
  await new Promise((resolve) => setTimeout(resolve, 500));
  status = expect("read the cluster", await api.GET("/clusters/{id}", { params: { path: { id: cluster.id } } }), 200)
    .status;
}
const kubeconfig = await api.GET("/clusters/{id}/kubeconfig", { params: { path: { id: cluster.id } }, parseAs: "text" });
const yaml: string = expect("download the kubeconfig", kubeconfig, 200) ?? "";

// A personal access token made through the generated client, then used by a second client as its Bearer token:
// it lists the clusters (scope read) and is refused a write outside its scopes, naming the scope.
const made = expect("make a token", await api.POST("/me/tokens", {
  body: { name: "generated client", scopes: ["read"], expires_in_days: 1 },
}), 201);
const scripted = createClient<paths>({ baseUrl: base, headers: { Authorization: `Bearer ${made.token}` } });
const byToken = expect("list clusters with the token", await scripted.GET("/clusters"), 200);
const outOfScope = await scripted.POST("/notifications/read-all");
const tokens = expect("list tokens", await api.GET("/me/tokens"), 200);

console.log(JSON.stringify({
  token: {
    pattern_ok: /^skp_[0-9A-Za-z]{36}$/.test(made.token),
    scopes: made.scopes,
    clusters_listed: byToken.clusters.map((listed) => listed.id).includes(cluster.id),
    out_of_scope: { status: outOfScope.response.status, type: outOfScope.error?.type,
      detail: outOfScope.error?.detail },
    listed: tokens.tokens.map((listed) => listed.name),
  },
  username: me.username,
  account: { id: account.id, provider: account.provider, verified: account.last_verification?.ok },
  cluster: { id: cluster.id, status: cluster.status, name: read.name, listed: mine.clusters.length },
  unread: unread.unread,
  unknown_cluster: { status: refused.response.status, type: refused.error?.type },
  kubeconfig: {
    before_running: early.response.status,
    content_type: kubeconfig.response.headers.get("content-type"),
    current_context: yaml.split("\n").find((line) => line.startsWith("current-context:")),
  },
}));
