import { useEffect, useState, type FormEvent } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { api, fieldOf, problemOf, type Problem } from "../api/client";
import { useSession } from "../session";
import { Field, ProblemBanner, Title } from "../ui/Parts";
import { GoogleButton } from "./Google";

/**
 * Only a page of the console itself: ?next= is read as the browser would read it (which drops tabs and line breaks,
 * so "/\t/evil.example" is "//evil.example") and must stay on this origin.
 */
export function safeNext(next: string | null): string {
  const fallback = "/clusters";
  if (!next || !next.startsWith("/")) return fallback;
  try {
    const here = new URL("/console/", window.location.origin);
    const url = new URL(next, here);
    return url.origin === here.origin && url.pathname.startsWith("/") && !url.pathname.startsWith("//")
      ? url.pathname + url.search
      : fallback;
  } catch {
    return fallback;
  }
}

function AuthFrame({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main id="main" className="auth">
      <div className="card">
        <p className="brand">
          <img src="/console/favicon.svg" alt="" width="28" height="28" /> Skyport
        </p>
        <Title text={title} />
        {children}
      </div>
    </main>
  );
}

/**
 * The second sign-in step of a person with two-factor sign-in on: the code of the authenticator app, or one of the
 * recovery codes; the first step's challenge goes with it.
 */
export function SecondStepForm({ challenge, next }: { challenge: string; next: string }) {
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const [code, setCode] = useState("");
  const [recovery, setRecovery] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const body = recovery ? { challenge, recovery_code: code } : { challenge, code };
    const { data, error, response } = await api
      .POST("/auth/login/mfa", { body })
      .catch(() => ({ data: undefined, error: undefined, response: undefined }));
    setBusy(false);
    if (data) {
      signedIn({ id: data.user.id, username: data.user.username, roles: data.user.roles });
      navigate(next, { replace: true });
    } else {
      setProblem(problemOf(error, response));
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <p>Two-factor sign-in is on for this account.</p>
      <Field label={recovery ? "Recovery code" : "Code from your authenticator app"} value={code}
             onChange={(e) => setCode(e.target.value)} autoComplete="one-time-code"
             inputMode={recovery ? "text" : "numeric"} required />
      <ProblemBanner problem={problem} />
      <button type="submit" className="primary" disabled={busy || !code}>
        Verify
      </button>
      <button type="button" className="link" onClick={() => { setRecovery(!recovery); setCode(""); }}>
        {recovery ? "Use a code from the app" : "Use a recovery code"}
      </button>
    </form>
  );
}

export function SignIn() {
  const { caller, signedIn } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const [challenge, setChallenge] = useState<string>();
  const next = safeNext(params.get("next"));

  if (caller) return <Navigate to={next} replace />;
  if (challenge) {
    return (
      <AuthFrame title="Second step">
        <SecondStepForm challenge={challenge} next={next} />
      </AuthFrame>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const { data, error, response } = await api
      .POST("/auth/login", { body: { login, password } })
      .catch(() => ({ data: undefined, error: undefined, response: undefined }));
    setBusy(false);
    if (data && "challenge" in data) {
      setChallenge(data.challenge);
    } else if (data) {
      signedIn({ id: data.user.id, username: data.user.username, roles: data.user.roles });
      navigate(next, { replace: true });
    } else {
      setProblem(problemOf(error, response));
    }
  }

  return (
    <AuthFrame title="Sign in">
      {params.get("deleted") && (
        <p className="notice" role="status">
          Your account is deleted. Thank you for using Skyport.
        </p>
      )}
      {params.get("expired") && (
        <p className="notice" role="status">
          Your session ended. Sign in again to go on where you were.
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <Field label="E-mail or username" value={login} onChange={(e) => setLogin(e.target.value)}
               autoComplete="username" required />
        <Field label="Password" type="password" value={password} onChange={(e) => setPassword(e.target.value)}
               autoComplete="current-password" required />
        <ProblemBanner problem={problem} />
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
      </form>
      <GoogleButton next={next} />
      <p>
        <Link to="/forgot">Forgot your password?</Link> · New here? <Link to="/signup">Create an account</Link>
      </p>
    </AuthFrame>
  );
}

export function SignUp() {
  const [email, setEmail] = useState("");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<Problem>();
  const [sent, setSent] = useState<string>();
  const [busy, setBusy] = useState(false);
  const field = fieldOf(problem, ["email", "username", "password"]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const { data, error, response } = await api
      .POST("/auth/signup", { body: { email, username, password } })
      .catch(() => ({ data: undefined, error: undefined, response: undefined }));
    setBusy(false);
    if (data) setSent(data.detail);
    else setProblem(problemOf(error, response));
  }

  if (sent) {
    return (
      <AuthFrame title="Check your e-mail">
        <p role="status">{sent}</p>
        <LocalOutbox />
        <p>
          The link in it opens a page whose button verifies the address; then <Link to="/signin">sign in</Link>.
        </p>
      </AuthFrame>
    );
  }
  return (
    <AuthFrame title="Create an account">
      <form onSubmit={submit} noValidate>
        <Field label="E-mail" type="email" value={email} onChange={(e) => setEmail(e.target.value)}
               autoComplete="email" required error={field === "email" ? problem?.detail : undefined} />
        <Field label="Username" value={username} onChange={(e) => setUsername(e.target.value)}
               autoComplete="username" required error={field === "username" ? problem?.detail : undefined} />
        <Field label="Password" type="password" value={password} onChange={(e) => setPassword(e.target.value)}
               autoComplete="new-password" required hint="8 to 128 characters; a passphrase is best."
               error={field === "password" ? problem?.detail : undefined} />
        {!field && <ProblemBanner problem={problem} />}
        <button type="submit" className="primary" disabled={busy}>
          Create account
        </button>
      </form>
      <p>
        Have an account? <Link to="/signin">Sign in</Link>
      </p>
    </AuthFrame>
  );
}

/**
 * On the local platform, mail goes to an outbox instead of the internet: say where. The route exists only there
 * (and answers only to this machine), so elsewhere nothing is shown.
 */
function LocalOutbox() {
  const [local, setLocal] = useState(false);
  useEffect(() => {
    fetch("/local/outbox", { method: "HEAD" }).then((response) => setLocal(response.ok), () => setLocal(false));
  }, []);
  if (!local) return null;
  return (
    <p className="notice">
      Running Skyport locally? Nothing is sent: the e-mail is in the{" "}
      <a href="/local/outbox" target="_blank" rel="noreferrer">local outbox</a>.
    </p>
  );
}

export function ForgotPassword() {
  const [email, setEmail] = useState("");
  const [problem, setProblem] = useState<Problem>();
  const [sent, setSent] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { data, error, response } = await api
      .POST("/auth/password/forgot", { body: { email } })
      .catch(() => ({ data: undefined, error: undefined, response: undefined }));
    if (data) setSent(data.detail);
    else setProblem(problemOf(error, response));
  }

  return (
    <AuthFrame title="Reset your password">
      {sent ? (
        <>
          <p role="status">{sent}</p>
          <LocalOutbox />
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          <Field label="E-mail" type="email" value={email} onChange={(e) => setEmail(e.target.value)}
                 autoComplete="email" required hint="We send a link that lets you choose a new password." />
          <ProblemBanner problem={problem} />
          <button type="submit" className="primary">
            Send the link
          </button>
        </form>
      )}
      <p>
        <Link to="/signin">Back to sign in</Link>
      </p>
    </AuthFrame>
  );
}
