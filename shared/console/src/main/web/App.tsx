import { useEffect, useRef, useState } from "react";
import { Link, Navigate, NavLink, Outlet, Route, Routes, useLocation, useNavigate } from "react-router";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, whenEnrolmentRequired, type Cluster } from "./api/client";
import { live, type LiveState } from "./api/live";
import { isAdmin, SessionProvider, useSession } from "./session";
import { SignIn, SignUp, ForgotPassword } from "./pages/Auth";
import { GoogleReturn } from "./pages/Google";
import { ClusterList } from "./pages/ClusterList";
import { ClusterNew } from "./pages/ClusterNew";
import { ClusterPage } from "./pages/ClusterPage";
import { CloudAccountList, CloudAccountNew, CloudAccountPage } from "./pages/CloudAccounts";
import { NotificationList } from "./pages/Notifications";
import { AccountPage } from "./pages/Account";
import { AdminUsers } from "./pages/AdminUsers";
import { Activity } from "./pages/Activity";
import { NotFound } from "./ui/Parts";

export function App() {
  return (
    <SessionProvider>
      <Routes>
        <Route path="signin" element={<SignIn />} />
        <Route path="signup" element={<SignUp />} />
        <Route path="forgot" element={<ForgotPassword />} />
        <Route path="google" element={<GoogleReturn />} />
        <Route element={<Shell />}>
          <Route index element={<Navigate to="/clusters" replace />} />
          <Route path="clusters" element={<ClusterList />} />
          <Route path="clusters/new" element={<ClusterNew />} />
          <Route path="clusters/:id" element={<ClusterPage />} />
          <Route path="cloud-accounts" element={<CloudAccountList />} />
          <Route path="cloud-accounts/new" element={<CloudAccountNew />} />
          <Route path="cloud-accounts/:id" element={<CloudAccountPage />} />
          <Route path="notifications" element={<NotificationList />} />
          <Route path="account" element={<AccountPage />} />
          <Route path="activity" element={<Activity everyone={false} />} />
          <Route path="admin/users" element={<AdminUsers />} />
          <Route path="admin/activity" element={<Activity everyone />} />
          <Route path="*" element={<NotFound what="page" />} />
        </Route>
      </Routes>
    </SessionProvider>
  );
}

/** Every page behind sign-in: the navigation, the bell, the connection state; live news keeps the data fresh. */
function Shell() {
  const { caller, signOut, expired } = useSession();
  const location = useLocation();
  useLiveUpdates();
  useEnrolmentFirst();
  if (caller === undefined) return <p className="loading" role="status">Loading…</p>;
  if (caller === null) {
    const next = location.pathname + location.search;
    return <Navigate to={`/signin?next=${encodeURIComponent(next)}${expired ? "&expired=1" : ""}`} replace />;
  }
  return (
    <>
      <a className="skip" href="#main">Skip to content</a>
      <header className="top">
        <Link to="/clusters" className="brand" aria-label="Skyport home">
          <img src="/console/favicon.svg" alt="" width="24" height="24" /> Skyport
        </Link>
        <nav aria-label="Main">
          <NavLink to="/clusters">Clusters</NavLink>
          <NavLink to="/cloud-accounts">Cloud accounts</NavLink>
          <NavLink to="/activity">Activity</NavLink>
          {isAdmin(caller) && <NavLink to="/admin/users">Users</NavLink>}
          {isAdmin(caller) && <NavLink to="/admin/activity">All activity</NavLink>}
        </nav>
        <div className="top-end">
          <Connection />
          <Bell />
          <NavLink to="/account" aria-label={`Account of ${caller.username}`}>{caller.username}</NavLink>
          <button type="button" className="link" onClick={() => void signOut()}>Sign out</button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

function Connection() {
  const [state, setState] = useState<LiveState>(live.state);
  useEffect(() => live.onState(setState), []);
  if (state === "online") return <span className="live on" title="Live updates on">Live</span>;
  return (
    <span className="live off" role="status">
      {state === "connecting" ? "Connecting…" : "Offline: updates paused"}
    </span>
  );
}

function Bell() {
  const { data } = useQuery({
    queryKey: ["notifications", "unread"],
    queryFn: async () => (await api.GET("/notifications/unread-count")).data?.unread ?? 0,
  });
  const unread = data ?? 0;
  return (
    <NavLink to="/notifications" className="bell" aria-label={`Notifications, ${unread} unread`}>
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
        <path d="M12 22a2.5 2.5 0 0 0 2.5-2.5h-5A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.8V3a1.5 1.5 0 0 0-3 0v1.2A7 7 0 0 0 5 11v5l-2 2v1h18v-1z" fill="currentColor" />
      </svg>
      {unread > 0 && <span className="count" data-testid="unread">{unread > 99 ? "99+" : unread}</span>}
    </NavLink>
  );
}

/**
 * Where this Skyport requires two-factor sign-in and the person has none, the API refuses every other route (403
 * mfa-enrolment-required): the person is sent to enrol first, told why, and brought back here afterwards.
 */
function useEnrolmentFirst() {
  const navigate = useNavigate();
  const location = useLocation();
  const here = useRef(location);
  here.current = location;
  useEffect(() => {
    whenEnrolmentRequired(() => {
      const { pathname, search } = here.current;
      if (pathname === "/account" && new URLSearchParams(search).get("enrol") === "required") return;
      const next = pathname === "/account" ? "/clusters" : pathname + search;
      navigate(`/account?enrol=required&next=${encodeURIComponent(next)}`, { replace: true });
    });
    return () => whenEnrolmentRequired(() => {});
  }, [navigate]);
}

/**
 * Live news into the query cache: a status change refetches that cluster (unless the cache already holds its version
 * or a newer one), a notification refetches the bell and the list; after a reconnect everything is refetched, since
 * messages sent while offline are gone.
 */
function useLiveUpdates() {
  const queries = useQueryClient();
  useEffect(() => {
    const off = live.subscribe((message) => {
      if (message.type === "cluster.status") {
        const shown = queries.getQueryData<Cluster>(["cluster", message.cluster_id]);
        if (shown && shown.version >= message.version) return;
        void queries.invalidateQueries({ queryKey: ["cluster", message.cluster_id] });
        void queries.invalidateQueries({ queryKey: ["clusters"] });
      } else if (message.type === "notification") {
        void queries.invalidateQueries({ queryKey: ["notifications"] });
      }
    });
    const offReconnect = live.onReconnect(() => void queries.invalidateQueries());
    return () => {
      off();
      offReconnect();
    };
  }, [queries]);
}
