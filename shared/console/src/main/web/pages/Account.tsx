import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { api, fieldOf, problemOf, type Problem, type User } from "../api/client";
import { useSession } from "../session";
import { ConfirmByTyping, Field, Loading, ProblemBanner, Title, When } from "../ui/Parts";
import { GoogleButton } from "./Google";
import { ApiTokens } from "./Tokens";

export function AccountPage() {
  const { signedIn, signOut } = useSession();
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

  return (
    <section>
      <Title text="Your account" />
      {done && <p className="notice" role="status">{done}</p>}
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

      <ApiTokens admin={user.roles.includes("ADMIN")} />

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
