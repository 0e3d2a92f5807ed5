import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { usePaged } from "../api/paged";
import { api, problemOf, type Schemas } from "../api/client";
import { isAdmin, useSession } from "../session";
import { Field, Loading, NotFound, ProblemBanner, Title, When } from "../ui/Parts";

type Entry = Schemas["AuditEntryView"];

/**
 * The audit log as a page: your own (`/activity`: what you did, and what was done to your account) or, for an
 * administrator, everyone's (`/admin/activity`, one person's with `?user=`). Filters live in the URL, so a filtered
 * view can be linked (the users page links each person's).
 */
export function Activity({ everyone }: { everyone: boolean }) {
  const { caller } = useSession();
  const [search, setSearch] = useSearchParams();
  const action = search.get("action") ?? undefined;
  const resource = search.get("resource") ?? undefined;
  const user = everyone ? search.get("user") ?? undefined : undefined;
  const allowed = !everyone || isAdmin(caller);
  const entries = usePaged(["audit", everyone, user, action, resource], async (cursor) => {
    const query = { action, resource, cursor, limit: 50 };
    const { data, error, response } = everyone
      ? await api.GET("/admin/audit", { params: { query: { ...query, user } } })
      : await api.GET("/audit", { params: { query } });
    if (!data) throw problemOf(error, response);
    return data;
  }, (page) => page.entries, allowed);
  if (!allowed) return <NotFound what="page" />;

  const exportQuery = new URLSearchParams({ format: "csv" });
  if (action) exportQuery.set("action", action);
  if (resource) exportQuery.set("resource", resource);
  if (user) exportQuery.set("user", user);
  return (
    <section>
      <Title text={everyone ? "All activity" : "Activity"} />
      <p className="hint">
        {everyone
          ? "Every change anyone made, every sign-in attempt and every workflow step, newest first. Kept a year."
          : "What you did, what was done to your account and your clusters' workflow steps, newest first. Kept a year."}
      </p>
      <Filters key={`${user}|${action}|${resource}`} everyone={everyone} user={user} action={action}
               resource={resource} onApply={(next) => setSearch(next)} />
      <p>
        <a href={`${everyone ? "/admin/audit/export" : "/audit/export"}?${exportQuery}`} download>
          Download as CSV
        </a>{" "}
        <small className="hint">(what matches, from the past year, up to 5,000 entries, newest first)</small>
      </p>
      {entries.isPending && <Loading />}
      <ProblemBanner problem={entries.error ? problemOf(entries.error) : null} />
      {entries.items?.length === 0 && <p>Nothing recorded{action || resource || user ? " that matches" : ""}.</p>}
      {!!entries.items?.length && (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{everyone ? "All activity" : "Your activity"}</caption>
            <thead>
              <tr>
                <th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th>
                <th scope="col">On</th><th scope="col">Outcome</th><th scope="col">From, with</th>
              </tr>
            </thead>
            <tbody>
              {entries.items.map((entry) => (
                <tr key={entry.id}>
                  <td><When at={entry.at} /></td>
                  <td>{who(entry, caller?.id, everyone)}</td>
                  <th scope="row">{words(entry.action)}{entry.detail ? <small> {entry.detail}</small> : null}</th>
                  <td><code>{entry.resource}</code></td>
                  <td><Outcome entry={entry} /></td>
                  <td>
                    {entry.client_address ?? "—"}
                    {entry.user_agent && <><br /><small className="hint">{entry.user_agent}</small></>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {entries.more && (
        <button type="button" onClick={entries.more} disabled={entries.isFetchingNextPage}>
          Older entries
        </button>
      )}
      {everyone && <p><Link to="/admin/users">Users</Link></p>}
    </section>
  );
}

function Filters({ everyone, user, action, resource, onApply }: {
  everyone: boolean;
  user?: string;
  action?: string;
  resource?: string;
  onApply: (search: Record<string, string>) => void;
}) {
  const [form, setForm] = useState({ user: user ?? "", action: action ?? "", resource: resource ?? "" });
  function apply(event: FormEvent) {
    event.preventDefault();
    const next: Record<string, string> = {};
    for (const [name, value] of Object.entries(form)) if (value.trim()) next[name] = value.trim();
    onApply(next);
  }
  return (
    <form className="row" onSubmit={apply} aria-label="Filter the activity">
      {everyone && (
        <Field label="Person (id)" value={form.user} onChange={(e) => setForm({ ...form, user: e.target.value })} />
      )}
      <Field label="Action" hint="as the API names it: createCluster, login, ..." value={form.action}
             onChange={(e) => setForm({ ...form, action: e.target.value })} />
      <Field label="On" hint="a path and what is under it: /clusters/<id>" value={form.resource}
             onChange={(e) => setForm({ ...form, resource: e.target.value })} />
      <button type="submit">Filter</button>
    </form>
  );
}

/**
 * Who acted, as the reader knows them: themselves, an administrator (named on the administrators' page), the
 * workflow, a token, a name tried.
 */
function who(entry: Entry, me: string | undefined, everyone: boolean): string {
  switch (entry.actor_kind) {
    case "person": return entry.actor_id === me ? "you" : `person ${entry.actor_id}`;
    case "admin":
      if (entry.actor_id === me) return "you, as administrator";
      return everyone ? `administrator ${entry.actor_id}` : "an administrator";
    case "workflow": return "the workflow";
    case "token": return `token ${entry.actor_id}`;
    default: return entry.actor_id ? `someone, as “${entry.actor_id}”` : "someone";
  }
}

function Outcome({ entry }: { entry: Entry }) {
  if (entry.outcome === "done") return <span className="outcome done">done</span>;
  const why = entry.problem_type?.split("/").pop()?.replaceAll("-", " ");
  return <span className={`outcome ${entry.outcome}`}>{entry.outcome}{why ? `: ${why}` : ""}</span>;
}

/** An operation's name as words: createCluster → create cluster. */
function words(action: string): string {
  return action.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}
