import { useEffect, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { api, problemOf, type Problem } from "../api/client";
import { Loading, ProblemBanner } from "../ui/Parts";

/** The account's security events are always mailed (the API refuses to turn them off). */
const ALWAYS = "account.security";

/** What each kind of e-mail is about, in the order the API lists them. */
const KINDS: Record<string, string> = {
  "cluster.run-failed": "A run of a cluster failed (with the reason)",
  "cluster.expiring": "A cluster's expiry is near or came",
  "cloud-account.verification-failed": "A cloud account failed its check",
  "account.security": "Security: password, Google account, two-factor sign-in changed (always sent)",
  "channel.disabled": "A webhook or Slack channel was turned off after a day of failures",
};

type Kinds = Record<string, boolean>;

/** Which events come by e-mail: every kind is on until turned off (GET / PUT /me/notifications/email). */
export function EmailPreferences() {
  const current = useQuery<Kinds, Problem>({
    queryKey: ["email-preferences"],
    queryFn: async () => {
      const { data, error, response } = await api.GET("/me/notifications/email");
      if (!data) throw problemOf(error, response);
      return data.kinds;
    },
  });
  const [kinds, setKinds] = useState<Kinds>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (current.data) setKinds(current.data);
  }, [current.data]);
  const save = useMutation<unknown, Problem, Kinds>({
    mutationFn: async (chosen) => {
      const { data, error, response } = await api.PUT("/me/notifications/email", { body: { kinds: chosen } });
      if (!data) throw problemOf(error, response);
      setKinds(data.kinds);
      setSaved(true);
    },
  });

  if (current.isPending) return <Loading />;
  if (!kinds) return <ProblemBanner problem={current.error} />;
  return (
    <form className="form" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); save.mutate(kinds); }}>
      <h2>E-mail</h2>
      <fieldset>
        <legend>Send me an e-mail when</legend>
        {Object.keys(kinds).map((kind) => (
          <label key={kind} className="check">
            <input type="checkbox" checked={kinds[kind]} disabled={kind === ALWAYS}
                   onChange={(e) => { setSaved(false); setKinds({ ...kinds, [kind]: e.target.checked }); }} />
            {" "}{KINDS[kind] ?? kind}
          </label>
        ))}
      </fieldset>
      <ProblemBanner problem={save.error} />
      {saved && <p className="notice" role="status">E-mail preferences saved.</p>}
      <button type="submit" disabled={save.isPending}>Save e-mail preferences</button>
    </form>
  );
}
