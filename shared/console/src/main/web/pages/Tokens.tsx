import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, fieldOf, problemOf, type Problem, type Schemas } from "../api/client";
import { Field, ProblemBanner, When } from "../ui/Parts";

type Token = Schemas["TokensController.TokenView"];
type CreatedToken = Schemas["TokensController.CreatedTokenView"];

const SCOPES = [
  { value: "read", label: "read: everything you can see" },
  { value: "clusters:write", label: "clusters:write: create, change and delete clusters" },
  { value: "cloud-accounts:write", label: "cloud-accounts:write: connect and rotate cloud accounts" },
  { value: "notifications:write", label: "notifications:write: mark read, delete notifications" },
  { value: "admin", label: "admin: user administration (administrators only)" },
] as const;

/**
 * Personal access tokens for scripts and CI (Authorization: Bearer skp_...): made with scopes and a lifetime,
 * shown once with a copy button, listed with their last use, revoked. Managing them takes this signed-in session.
 */
export function ApiTokens({ admin }: { admin: boolean }) {
  const queryClient = useQueryClient();
  const tokens = useQuery<Token[], Problem>({
    queryKey: ["tokens"],
    queryFn: async () => {
      const { data, error, response } = await api.GET("/me/tokens");
      if (!data) throw problemOf(error, response);
      return data.tokens;
    },
  });
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>(["read"]);
  const [days, setDays] = useState("90");
  const [created, setCreated] = useState<CreatedToken>();
  const [copied, setCopied] = useState(false);

  const create = useMutation<unknown, Problem, void>({
    mutationFn: async () => {
      const { data, error, response } = await api.POST("/me/tokens", {
        body: { name, scopes, expires_in_days: Number(days) },
      });
      if (!data) throw problemOf(error, response);
      setCreated(data);
      setCopied(false);
      setName("");
      await queryClient.invalidateQueries({ queryKey: ["tokens"] });
    },
  });
  const revoke = useMutation<unknown, Problem, string>({
    mutationFn: async (id) => {
      const { error, response } = await api.DELETE("/me/tokens/{id}", { params: { path: { id } } });
      if (!response.ok) throw problemOf(error, response);
      if (created?.id === id) setCreated(undefined);
      await queryClient.invalidateQueries({ queryKey: ["tokens"] });
    },
  });
  const field = fieldOf(create.error ?? undefined, ["name", "scopes", "expires_in_days"]);
  const toggle = (scope: string) =>
    setScopes((held) => (held.includes(scope) ? held.filter((s) => s !== scope) : [...held, scope]));

  return (
    <div className="form" id="api-tokens">
      <h2>API tokens</h2>
      <p>For scripts and CI: send one as <code>Authorization: Bearer skp_...</code>. A token acts for you within its
        scopes until it expires or you revoke it; it cannot manage tokens, your password or your account.</p>

      {created && (
        <div className="notice" role="status">
          <p>Copy the token <strong>{created.name}</strong> now: it is shown only this once.</p>
          <input className="secret" readOnly aria-label="New API token" value={created.token}
                 onFocus={(e) => e.target.select()} />{" "}
          <button type="button" onClick={() => {
            void navigator.clipboard?.writeText(created.token).then(() => setCopied(true));
          }}>{copied ? "Copied" : "Copy"}</button>
        </div>
      )}

      <form noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); create.mutate(); }}>
        <Field label="Token name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off"
               error={field === "name" ? create.error?.detail : undefined} />
        <fieldset>
          <legend>Scopes</legend>
          {SCOPES.filter((scope) => admin || scope.value !== "admin").map((scope) => (
            <label key={scope.value} className="check">
              <input type="checkbox" checked={scopes.includes(scope.value)} onChange={() => toggle(scope.value)} />
              {" "}{scope.label}
            </label>
          ))}
          {field === "scopes" && <small className="error">{create.error?.detail}</small>}
        </fieldset>
        <Field label="Expires in (days, 1 to 365)" type="number" min={1} max={365} value={days}
               onChange={(e) => setDays(e.target.value)}
               error={field === "expires_in_days" ? create.error?.detail : undefined} />
        {!field && <ProblemBanner problem={create.error} />}
        <button type="submit" disabled={create.isPending || !name}>Create token</button>
      </form>

      {tokens.data && tokens.data.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>Your API tokens</caption>
            <thead>
              <tr><th>Name</th><th>Scopes</th><th>Created</th><th>Expires</th><th>Last used</th><th>Revoke</th></tr>
            </thead>
            <tbody>
              {tokens.data.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td>{token.scopes.join(", ")}</td>
                  <td><When at={token.created_at} /></td>
                  <td><When at={token.expires_at} /></td>
                  <td>{token.last_used_at
                    ? <><When at={token.last_used_at} /> from {token.last_used_from}</>
                    : "never"}</td>
                  <td>
                    <button type="button" className="danger" disabled={revoke.isPending}
                            aria-label={`Revoke ${token.name}`} onClick={() => revoke.mutate(token.id)}>
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ProblemBanner problem={tokens.error ?? revoke.error} />
    </div>
  );
}
