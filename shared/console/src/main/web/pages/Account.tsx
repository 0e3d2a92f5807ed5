import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useSearchParams } from "react-router";
import { api, fieldOf, problemOf, type Problem, type User } from "../api/client";
import { live } from "../api/live";
import { safeNext } from "./Auth";
import { useSession } from "../session";
import { ConfirmByTyping, Field, Loading, ProblemBanner, Title, When } from "../ui/Parts";
import { GoogleButton } from "./Google";
import { QrCode } from "../ui/QrCode";
import { ApiTokens } from "./Tokens";
import { EmailPreferences } from "./EmailPreferences";

export function AccountPage() {
  const { signedIn, signOut } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // Sent here by the enrolment gate: where the person was going, once enrolled.
  const returnTo = params.get("enrol") === "required" ? safeNext(params.get("next")) : undefined;
  const me = useQuery<User, Problem>({
    queryKey: ["me"],
    queryFn: async () => {
      const { data, error, response } = await api.GET("/me");
      if (!data) throw problemOf(error, response);
      return data;
    },
  });
  const [username, setUsername] = useState("");
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [deletePassword, setDeletePassword] = useState("");
  const [done, setDone] = useState<string>();

  const rename = useMutation<unknown, Problem, string>({
    mutationFn: async (name) => {
      const { data, error, response } = await api.PATCH("/me/username", { body: { username: name } });
      if (!data) throw problemOf(error, response);
      signedIn({ id: data.user.id, username: data.user.username, roles: data.user.roles });
      void me.refetch();
      setDone("Username changed.");
    },
  });
  const password = useMutation<unknown, Problem, void>({
    mutationFn: async () => {
      const { data, error, response } = await api.POST("/me/password", {
        body: { current_password: current, new_password: next },
      });
      if (!data) throw problemOf(error, response);
      setCurrent("");
      setNext("");
      setDone("Password changed; every other session has ended.");
    },
  });
  const remove = useMutation<unknown, Problem, void>({
    mutationFn: async () => {
      const { error, response } = await api.DELETE("/me", { body: { password: deletePassword } });
      if (!response.ok) throw problemOf(error, response);
      await signOut();
    },
  });

  if (me.isPending) return <Loading />;
  if (!me.data) return <ProblemBanner problem={me.error} />;
  const user = me.data;
  const passwordField = fieldOf(password.error ?? undefined, ["current_password", "new_password"]);
  const enrolFirst = returnTo !== undefined && !user.mfa_enabled;

  return (
    <section>
      <Title text="Your account" />
      {done && <p className="notice" role="status">{done}</p>}
      {enrolFirst && (
        <p className="notice" role="status" id="enrol-first">
          This Skyport requires two-factor sign-in before anything else. Set it up below; once it is on, you go back
          to where you were.
        </p>
      )}
      <dl className="facts">
        <dt>E-mail</dt><dd>{user.email}</dd>
        <dt>Username</dt><dd>{user.username}</dd>
        <dt>Roles</dt><dd>{user.roles.join(", ")}</dd>
        <dt>Sign-in methods</dt><dd>{user.sign_in_methods.join(", ")}</dd>
        <dt>Since</dt><dd><When at={user.created_at} /></dd>
      </dl>

      <form className="form" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); rename.mutate(username); }}>
        <h2>Username</h2>
        <Field label="New username" value={username} onChange={(e) => setUsername(e.target.value)}
               autoComplete="username" error={rename.error?.detail} />
        <button type="submit" disabled={rename.isPending || !username}>Change username</button>
      </form>

      {user.sign_in_methods.includes("password") && (
        <form className="form" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); password.mutate(); }}>
          <h2>Password</h2>
          <Field label="Current password" type="password" value={current} onChange={(e) => setCurrent(e.target.value)}
                 autoComplete="current-password"
                 error={passwordField === "current_password" ? password.error?.detail : undefined} />
          <Field label="New password" type="password" value={next} onChange={(e) => setNext(e.target.value)}
                 autoComplete="new-password"
                 error={passwordField === "new_password" ? password.error?.detail : undefined} />
          {!passwordField && <ProblemBanner problem={password.error} />}
          <button type="submit" disabled={password.isPending}>Change password</button>
        </form>
      )}

      <TwoFactor enabled={user.mfa_enabled} hasPassword={user.sign_in_methods.includes("password")}
                 onChanged={(note) => { setDone(note); void me.refetch(); }}
                 onSaved={returnTo === undefined ? undefined : () => navigate(returnTo, { replace: true })} />
      {!enrolFirst && <EmailPreferences />}
      {!enrolFirst && <ApiTokens admin={user.roles.includes("ADMIN")} />}

      <div className="form danger-zone">
        <h2>Delete the account</h2>
        <p>Your cloud accounts, clusters' records and notifications go with it. Delete your clusters first: Skyport
          refuses while any is still running.</p>
        {user.sign_in_methods.includes("password") && (
          <Field label="Password" type="password" value={deletePassword}
                 onChange={(e) => setDeletePassword(e.target.value)} autoComplete="current-password" />
        )}
        {user.sign_in_methods.includes("password") ? (
          <ConfirmByTyping name={user.username} action="Delete my account" busy={remove.isPending}
                           onConfirm={() => remove.mutate()} />
        ) : (
          <GoogleConfirm username={user.username} />
        )}
        <ProblemBanner problem={remove.error} />
      </div>
    </section>
  );
}

/** An account without a password proves it is its owner through Google, after typing the username. */
function GoogleConfirm({ username }: { username: string }) {
  const [typed, setTyped] = useState("");
  return (
    <>
      <Field label={`Type ${username} to confirm`} value={typed} onChange={(e) => setTyped(e.target.value)}
             autoComplete="off" />
      <GoogleButton next="/account" purpose="delete-account" label="Confirm with Google and delete my account"
                    disabled={typed !== username} />
    </>
  );
}

/**
 * Two-factor sign-in: enrol with the QR code of the otpauth:// URI (or the secret typed), confirm with a code, keep
 * the recovery codes shown once; turn it off or make new recovery codes with the password and a code (an account
 * without a password signs in with Google again instead, then gives the code: {@link GoogleReturn}).
 */
function TwoFactor({ enabled, hasPassword, onChanged, onSaved }: {
  enabled: boolean;
  hasPassword: boolean;
  onChanged: (note: string) => void;
  /** After the recovery codes of a new enrolment are saved: back to where the enrolment gate found the person. */
  onSaved?: (() => void) | undefined;
}) {
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauth_uri: string }>();
  const [codes, setCodes] = useState<string[]>();
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const queries = useQueryClient();

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setProblem(undefined);
    try {
      await action();
    } catch (refused) {
      setProblem(refused as Problem);
    } finally {
      setBusy(false);
    }
  }
  const start = () => run(async () => {
    const { data, error, response } = await api.POST("/me/mfa/totp");
    if (!data) throw problemOf(error, response);
    setEnrolment({ secret: data.secret, otpauth_uri: data.otpauth_uri });
  });
  const confirm = () => run(async () => {
    const { data, error, response } = await api.POST("/me/mfa/totp/confirm", { body: { code } });
    if (!data) throw problemOf(error, response);
    setEnrolment(undefined);
    setCode("");
    setCodes(data.recovery_codes);
    onChanged("Two-factor sign-in is on; every other session has ended.");
    // What the enrolment gate refused works now: ask again, and open the live connection at once.
    void queries.invalidateQueries();
    live.stop();
    live.start();
  });
  const turnOff = () => run(async () => {
    const { error, response } = await api.DELETE("/me/mfa/totp", { body: { password, code } });
    if (!response.ok) throw problemOf(error, response);
    setPassword("");
    setCode("");
    onChanged("Two-factor sign-in is off; every other session has ended.");
  });
  const regenerate = () => run(async () => {
    const { data, error, response } = await api.POST("/me/mfa/recovery-codes", { body: { password, code } });
    if (!data) throw problemOf(error, response);
    setPassword("");
    setCode("");
    setCodes(data.recovery_codes);
    onChanged("New recovery codes; the earlier ones no longer work.");
  });

  return (
    <section className="form" aria-labelledby="two-factor">
      <h2 id="two-factor">Two-factor sign-in</h2>
      {codes && (
        <div className="notice" role="status">
          <p>Your recovery codes, shown this once: each signs you in once if you lose your authenticator app.
            Keep them somewhere safe.</p>
          <ul className="recovery-codes">{codes.map((c) => <li key={c}><code>{c}</code></li>)}</ul>
          <button type="button" onClick={() => { setCodes(undefined); onSaved?.(); }}>I have saved them</button>
        </div>
      )}
      {!enabled && !enrolment && (
        <>
          <p>Off. With it on, signing in also asks for a code from an authenticator app.</p>
          <button type="button" onClick={start} disabled={busy}>Set up two-factor sign-in</button>
        </>
      )}
      {!enabled && enrolment && (
        <form noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void confirm(); }}>
          <p>Scan this code with your authenticator app, or type the key, then enter the code it shows.</p>
          <QrCode text={enrolment.otpauth_uri} label="QR code of the two-factor secret" />
          <p>Key: <code className="secret">{enrolment.secret}</code></p>
          <Field label="Code from the app" value={code} onChange={(e) => setCode(e.target.value)}
                 autoComplete="one-time-code" inputMode="numeric" />
          <button type="submit" className="primary" disabled={busy || !code}>Turn on</button>
        </form>
      )}
      {enabled && !hasPassword && (
        <div>
          <p>On: signing in asks for a code from your authenticator app. Your account has no password: to change
            this, sign in with Google again, then give a code from the app (or a recovery code).</p>
          <GoogleButton next="/account" purpose="mfa-off" label="Turn off: confirm with Google" />
          <GoogleButton next="/account" purpose="mfa-recovery-codes" label="New recovery codes: confirm with Google" />
        </div>
      )}
      {enabled && hasPassword && (
        <form noValidate onSubmit={(e: FormEvent) => e.preventDefault()}>
          <p>On: signing in asks for a code from your authenticator app.</p>
          <Field label="Password" type="password" value={password} onChange={(e) => setPassword(e.target.value)}
                 autoComplete="current-password" />
          <Field label="Code from the app" value={code} onChange={(e) => setCode(e.target.value)}
                 autoComplete="one-time-code" inputMode="numeric" />
          <button type="button" onClick={() => void regenerate()} disabled={busy || !code}>New recovery codes</button>
          <button type="button" className="danger" onClick={() => void turnOff()} disabled={busy || !code}>
            Turn off
          </button>
        </form>
      )}
      <ProblemBanner problem={problem} />
    </section>
  );
}
