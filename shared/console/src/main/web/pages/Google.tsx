import { useEffect, useRef, useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api, problemOf, type Problem } from "../api/client";
import { useSession } from "../session";
import { Field, ProblemBanner } from "../ui/Parts";
import { SecondStepForm } from "./Auth";

/** Where Google sends the person back (register <origin>/console/google as a redirect URI of the OAuth client). */
const CALLBACK = "/console/google";
const PENDING = "skyport.google.pending";

/**
 * What the person went to Google for: to sign in, or, for an account without a password, to prove it is them before
 * the account is deleted or its two-factor sign-in is turned off or given new recovery codes.
 */
type Purpose = "sign-in" | "delete-account" | "mfa-off" | "mfa-recovery-codes";
type Pending = { state: string; nonce: string; next: string; purpose: Purpose };

function random(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * "Sign in with Google", only where this Skyport has a Google OAuth client. OpenID Connect's implicit flow, with no
 * script from Google: the browser goes to Google's authorization endpoint with a fresh state and nonce (kept in
 * this tab's session storage; they are not credentials), and comes back to {@link GoogleReturn} with an ID token.
 */
export function GoogleButton({ next, purpose = "sign-in", label = "Sign in with Google", disabled }: {
  next: string;
  purpose?: Purpose;
  label?: string;
  disabled?: boolean;
}) {
  const methods = useQuery({
    queryKey: ["sign-in-methods"],
    queryFn: async () => (await api.GET("/auth/sign-in-methods")).data ?? null,
    staleTime: Infinity,
  });
  const google = methods.data?.google;
  if (!google) return null;
  function go() {
    const pending: Pending = { state: random(), nonce: random(), next, purpose };
    sessionStorage.setItem(PENDING, JSON.stringify(pending));
    const url = new URL(google!.authorization_url);
    url.search = new URLSearchParams({
      client_id: google!.client_id,
      response_type: "id_token",
      scope: "openid email profile",
      redirect_uri: window.location.origin + CALLBACK,
      state: pending.state,
      nonce: pending.nonce,
      prompt: "select_account",
    }).toString();
    window.location.assign(url.toString());
  }
  return (
    <button type="button" className={purpose === "sign-in" ? "google" : purpose === "mfa-recovery-codes" ? "" : "danger"}
            onClick={go} disabled={disabled}>
      {label}
    </button>
  );
}

function nonceOf(idToken: string): string | undefined {
  try {
    const payload = idToken.split(".")[1] ?? "";
    return (JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as { nonce?: string }).nonce;
  } catch {
    return undefined;
  }
}

/** Google's answer: the state and nonce must be the ones this tab sent, then the API checks the token itself. */
export function GoogleReturn() {
  const { signedIn, signOut } = useSession();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<Problem>();
  const [secondStep, setSecondStep] = useState<{ challenge: string; next: string }>();
  // Kept in this page's memory only, for the minutes Skyport accepts it as proof.
  const [proof, setProof] = useState<{ idToken: string; purpose: "mfa-off" | "mfa-recovery-codes" }>();
  const once = useRef(false);

  useEffect(() => {
    if (once.current) return;
    once.current = true;
    const answer = new URLSearchParams(window.location.hash.slice(1));
    // The token leaves the address bar and the history at once.
    window.history.replaceState(null, "", CALLBACK);
    const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? "null") as Pending | null;
    sessionStorage.removeItem(PENDING);
    const idToken = answer.get("id_token");
    if (!pending || !idToken || answer.get("state") !== pending.state || nonceOf(idToken) !== pending.nonce) {
      // Never the fragment's own words: anyone can write a link with an error of their choosing.
      setProblem({ type: "about:blank", title: "Google sign-in did not complete", status: 400,
        detail: answer.get("error") === "access_denied" ? "Google sign-in was cancelled."
          : "The answer from Google does not belong to this sign-in; start again." });
      return;
    }
    if (pending.purpose === "mfa-off" || pending.purpose === "mfa-recovery-codes") {
      setProof({ idToken, purpose: pending.purpose });
      return;
    }
    if (pending.purpose === "delete-account") {
      void api.DELETE("/me", { body: { google_id_token: idToken } }).then(async ({ error, response }) => {
        if (response.ok) {
          await signOut();
          navigate("/signin?deleted=1", { replace: true });
        } else {
          setProblem(problemOf(error, response));
        }
      });
      return;
    }
    void api.POST("/auth/google", { body: { id_token: idToken } }).then(({ data, error, response }) => {
      if (data && "challenge" in data) {
        setSecondStep({ challenge: data.challenge, next: pending.next });
      } else if (data) {
        signedIn({ id: data.user.id, username: data.user.username, roles: data.user.roles });
        navigate(pending.next, { replace: true });
      } else {
        setProblem(problemOf(error, response));
      }
    });
  }, [navigate, signedIn, signOut]);

  return (
    <main id="main" className="auth">
      <div className="card">
        <h1>{secondStep ? "Second step" : proof ? "Confirm with a code" : "Back from Google…"}</h1>
        {secondStep && <SecondStepForm challenge={secondStep.challenge} next={secondStep.next} />}
        {proof && <SecondFactorChange idToken={proof.idToken} purpose={proof.purpose} />}
        <ProblemBanner problem={problem} />
        {problem && <a href="/console/clusters">Back to Skyport</a>}
      </div>
    </main>
  );
}

/**
 * A change of two-factor sign-in for an account without a password: the fresh Google ID token just received and a
 * code from the app (or a recovery code) turn it off or make new recovery codes (shown once, here).
 */
function SecondFactorChange({ idToken, purpose }: { idToken: string; purpose: "mfa-off" | "mfa-recovery-codes" }) {
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [done, setDone] = useState<{ note: string; codes?: string[] }>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    const typed = code.trim();
    const factor = /^\d{3} ?\d{3}$/.test(typed) ? { code: typed.replace(" ", "") } : { recovery_code: typed };
    const body = { google_id_token: idToken, ...factor };
    if (purpose === "mfa-off") {
      const { error, response } = await api.DELETE("/me/mfa/totp", { body });
      if (response.ok) setDone({ note: "Two-factor sign-in is off; every other session has ended." });
      else setProblem(problemOf(error, response));
    } else {
      const { data, error, response } = await api.POST("/me/mfa/recovery-codes", { body });
      if (data) setDone({ note: "New recovery codes; the earlier ones no longer work.", codes: data.recovery_codes });
      else setProblem(problemOf(error, response));
    }
    setBusy(false);
  }

  if (done) {
    return (
      <div className="notice" role="status">
        <p>{done.note}</p>
        {done.codes && (
          <>
            <p>Your recovery codes, shown this once: keep them somewhere safe.</p>
            <ul className="recovery-codes">{done.codes.map((c) => <li key={c}><code>{c}</code></li>)}</ul>
          </>
        )}
        <a href="/console/account">Back to your account</a>
      </div>
    );
  }
  return (
    <form className="form" noValidate onSubmit={(e) => void submit(e)}>
      <p>Google confirmed it is you. Now a code from your authenticator app, or one of your recovery codes,
        {purpose === "mfa-off" ? " turns two-factor sign-in off." : " makes new recovery codes."}</p>
      <Field label="Code from the app, or a recovery code" value={code} onChange={(e) => setCode(e.target.value)}
             autoComplete="one-time-code" />
      <button type="submit" className={purpose === "mfa-off" ? "danger" : "primary"} disabled={busy || !code.trim()}>
        {purpose === "mfa-off" ? "Turn off two-factor sign-in" : "Make new recovery codes"}
      </button>
      <ProblemBanner problem={problem} />
      <a href="/console/account">Cancel</a>
    </form>
  );
}
