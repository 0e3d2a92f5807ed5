import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "@api/schema";

export type Schemas = components["schemas"];
export type Problem = Schemas["Problem"];
export type Cluster = Schemas["ClusterViews.ClusterView"];
export type CloudAccount = Schemas["CloudAccountsController.CloudAccountView"];
export type Notification = Schemas["NotificationView"];
export type User = Schemas["UserView"];

/** Where a page that found no session sends the person: sign-in, then back to where they were. */
export const SIGN_IN = "/console/signin";

const CSRF_COOKIE = "skyport_csrf";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The double-submit token the API asks of cookie sessions: the readable cookie, echoed in a header. */
function csrfToken(): string | undefined {
  return document.cookie
    .split("; ")
    .find((cookie) => cookie.startsWith(CSRF_COOKIE + "="))
    ?.slice(CSRF_COOKIE.length + 1);
}

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time for the whole tab: the refresh token rotates on use, so two at once would end the session. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= fetch("/auth/refresh", {
    method: "POST",
    credentials: "same-origin",
    headers: { "X-CSRF-Token": csrfToken() ?? "" },
  })
    .then((response) => response.ok)
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** Called when the session is gone for good (refresh refused): the app sends the person to sign in. */
let onSessionEnded: () => void = () => {};
export function whenSessionEnds(listener: () => void) {
  onSessionEnded = listener;
}

/** The problem type the API answers on every route but enrolment while this Skyport requires two-factor sign-in. */
export const ENROLMENT_REQUIRED = "https://skyport.dev/problems/mfa-enrolment-required";

/** Called when the API refused a request until the person enrols a second factor: the app sends them to enrol. */
let onEnrolmentRequired: () => void = () => {};
export function whenEnrolmentRequired(listener: () => void) {
  onEnrolmentRequired = listener;
}

/** Whether a 403 is the enrolment gate's (read from a copy: the page that asked still reads the answer). */
async function isEnrolmentRequired(response: Response): Promise<boolean> {
  if (response.status !== 403 || !(response.headers.get("Content-Type") ?? "").includes("problem+json")) return false;
  try {
    return ((await response.clone().json()) as { type?: string }).type === ENROLMENT_REQUIRED;
  } catch {
    return false;
  }
}

const ENTRY_POINTS = ["/auth/login", "/auth/login/mfa", "/auth/signup", "/auth/refresh", "/auth/session",
  "/auth/password/forgot"];

const session: Middleware = {
  onRequest({ request }) {
    // Sign-ins answer this client with the session in the HttpOnly cookies only, never a token in the body.
    request.headers.set("X-Skyport-Session", "cookies");
    if (UNSAFE.has(request.method)) {
      const token = csrfToken();
      if (token) request.headers.set("X-CSRF-Token", token);
    }
    return request;
  },
  async onResponse({ request, response }) {
    const path = new URL(request.url).pathname;
    if (await isEnrolmentRequired(response)) onEnrolmentRequired();
    if (response.status !== 401 || ENTRY_POINTS.includes(path)) return response;
    // The access cookie lasts 15 minutes: renew it once and repeat the request with the new one.
    if (await refreshSession()) {
      const retry = new Request(retryable.get(request) ?? request, { headers: request.headers });
      const token = csrfToken();
      if (token && UNSAFE.has(retry.method)) retry.headers.set("X-CSRF-Token", token);
      return fetch(retry);
    }
    onSessionEnded();
    return response;
  },
};

/** Requests keep a clone of themselves so that one refused for an old access cookie can be sent again. */
const retryable = new WeakMap<Request, Request>();
const keepClone: Middleware = {
  onRequest({ request }) {
    retryable.set(request, request.clone());
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: "same-origin" });
api.use(keepClone, session);

/** A problem the API answered, or one made here when the network failed. */
export function problemOf(error: unknown, response?: Response): Problem {
  if (error && typeof error === "object" && "status" in error && "title" in error) return error as Problem;
  return {
    type: "about:blank",
    title: response ? response.statusText || "Request failed" : "Skyport cannot be reached",
    status: response?.status ?? 0,
    detail: response ? undefined : "Check the connection; the page retries when it is back.",
  };
}

/**
 * Which of a form's fields a problem names: its detail starts with the field (the API's convention, "name must be
 * ...", "node_groups[0].min_size must be ..."). The longest name wins, so node_groups[0].min_size beats node_groups.
 */
export function fieldOf(problem: Problem | undefined, fields: readonly string[]): string | undefined {
  const detail = problem?.detail ?? "";
  return [...fields]
    .sort((a, b) => b.length - a.length)
    .find((field) => detail === field || detail.startsWith(field + " ") || detail.startsWith(field + "."));
}
