import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api, refreshSession, whenSessionEnds, type Schemas } from "./api/client";
import { live } from "./api/live";

export type Caller = Schemas["AuthResponses.Caller"];

type Session = {
  /** undefined while the first check runs, null without a session. */
  caller: Caller | null | undefined;
  /** Set after sign-in, or when the username changed. */
  signedIn: (caller: Caller) => void;
  signOut: () => Promise<void>;
  /** True when the session ended under the person's feet (expired, signed out elsewhere). */
  expired: boolean;
};

const SessionContext = createContext<Session | null>(null);

async function currentCaller(): Promise<Caller | null> {
  const first = await api.GET("/auth/session");
  if (first.data) return first.data;
  if (first.response.status === 401 && (await refreshSession())) {
    return (await api.GET("/auth/session")).data ?? null;
  }
  return null;
}

/** The person signed in, from the session cookies (HttpOnly: the page never sees a token). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [caller, setCaller] = useState<Caller | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);
  const queries = useQueryClient();

  useEffect(() => {
    // The first check answers late on a page that signs in by itself (Google's return): it never undoes a sign-in
    // that happened meanwhile.
    currentCaller().then(
      (found) => setCaller((now) => (now === undefined ? found : now)),
      () => setCaller((now) => (now === undefined ? null : now)),
    );
    whenSessionEnds(() => {
      setExpired(true);
      setCaller(null);
    });
  }, []);

  useEffect(() => {
    if (caller) live.start();
    else if (caller === null) live.stop();
  }, [caller]);

  const signedIn = useCallback((next: Caller) => {
    setExpired(false);
    setCaller(next);
  }, []);

  const signOut = useCallback(async () => {
    await api.POST("/auth/logout", { body: {} }).catch(() => undefined);
    live.stop();
    queries.clear();
    setExpired(false);
    setCaller(null);
  }, [queries]);

  return (
    <SessionContext.Provider value={{ caller, signedIn, signOut, expired }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

export function isAdmin(caller: Caller | null | undefined): boolean {
  return caller?.roles.includes("ADMIN") ?? false;
}
