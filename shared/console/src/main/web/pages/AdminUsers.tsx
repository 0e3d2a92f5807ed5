import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { usePaged } from "../api/paged";
import { api, problemOf, type Problem } from "../api/client";
import { isAdmin, useSession } from "../session";
import { Loading, NotFound, ProblemBanner, Title, When } from "../ui/Parts";

export function AdminUsers() {
  const { caller } = useSession();
  const queries = useQueryClient();
  const users = usePaged(["admin", "users"], async (cursor) => {
    const { data, error, response } = await api.GET("/admin/users", { params: { query: { limit: 100, cursor } } });
    if (!data) throw problemOf(error, response);
    return data;
  }, (page) => page.users, isAdmin(caller));
  const roles = useMutation<unknown, Problem, { id: string; roles: string[] }>({
    mutationFn: async ({ id, roles }) => {
      const { error, response } = await api.PUT("/admin/users/{id}/roles", { params: { path: { id } }, body: { roles } });
      if (!response.ok) throw problemOf(error, response);
    },
    onSettled: () => void queries.invalidateQueries({ queryKey: ["admin", "users"] }),
  });
  if (!isAdmin(caller)) return <NotFound what="page" />;
  return (
    <section>
      <Title text="Users" />
      {users.isPending && <Loading />}
      <ProblemBanner problem={roles.error ?? (users.error ? problemOf(users.error) : null)} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr><th scope="col">Username</th><th scope="col">E-mail</th><th scope="col">Verified</th><th scope="col">Since</th><th scope="col">Administrator</th><th scope="col"><span className="sr-only">Activity</span></th></tr>
          </thead>
          <tbody>
            {users.items?.map((user) => {
              const admin = user.roles.includes("ADMIN");
              return (
                <tr key={user.id}>
                  <th scope="row">{user.username}</th>
                  <td>{user.email}</td>
                  <td>{user.verified ? "yes" : "no"}</td>
                  <td><When at={user.created_at} /></td>
                  <td>
                    <input type="checkbox" checked={admin} aria-label={`${user.username} is an administrator`}
                           disabled={roles.isPending}
                           onChange={() => roles.mutate({ id: user.id, roles: admin ? ["USER"] : ["USER", "ADMIN"] })} />
                  </td>
                  <td><Link to={`/admin/activity?user=${user.id}`} aria-label={`Activity of ${user.username}`}>Activity</Link></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {users.more && (
        <button type="button" onClick={users.more} disabled={users.isFetchingNextPage}>
          More users
        </button>
      )}
    </section>
  );
}
