import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, problemOf, type Notification, type Problem } from "../api/client";
import { Loading, ProblemBanner, Title, When } from "../ui/Parts";

/** Where a notification's resource ("/clusters/<id>", "/cloud-accounts/<id>", "/me") is in the console. */
function linkOf(resource: string): string | undefined {
  if (resource === "/me") return "/account";
  const match = /^\/(clusters|cloud-accounts)\/([0-9A-Za-z-]+)$/.exec(resource);
  return match ? `/${match[1]}/${match[2]}` : undefined;
}

export function NotificationList() {
  const queries = useQueryClient();
  const list = useQuery({
    queryKey: ["notifications", "list"],
    queryFn: async () => {
      const { data, error, response } = await api.GET("/notifications", { params: { query: { limit: 100 } } });
      if (!data) throw problemOf(error, response);
      return data.notifications;
    },
  });
  const act = useMutation<unknown, Problem, { action: "read" | "delete"; id: string } | { action: "read-all" }>({
    mutationFn: async (command) => {
      const { error, response } =
        command.action === "read-all" ? await api.POST("/notifications/read-all")
          : command.action === "read" ? await api.POST("/notifications/{id}/read", { params: { path: { id: command.id } } })
            : await api.DELETE("/notifications/{id}", { params: { path: { id: command.id } } });
      if (!response.ok) throw problemOf(error, response);
    },
    onSettled: () => void queries.invalidateQueries({ queryKey: ["notifications"] }),
  });

  return (
    <section>
      <div className="heading">
        <Title text="Notifications" />
        <button type="button" onClick={() => act.mutate({ action: "read-all" })}
                disabled={!list.data?.some((n) => !n.read)}>
          Mark all read
        </button>
      </div>
      {list.isPending && <Loading />}
      <ProblemBanner problem={act.error ?? (list.error ? problemOf(list.error) : null)} />
      {list.data?.length === 0 && <p className="empty">Nothing yet: what happens to your clusters and accounts shows here.</p>}
      <ul className="notifications">
        {list.data?.map((n: Notification) => {
          const to = linkOf(n.resource);
          return (
            <li key={n.id} className={n.read ? "read" : "unread"}>
              <div>
                <strong>{to ? <Link to={to}>{n.title}</Link> : n.title}</strong>
                {!n.read && <span className="sr-only"> (unread)</span>}
                <p>{n.body}</p>
                <small><When at={n.created_at} /></small>
              </div>
              <div className="actions">
                {!n.read && (
                  <button type="button" onClick={() => act.mutate({ action: "read", id: n.id })}>
                    Mark read<span className="sr-only">: {n.title}</span>
                  </button>
                )}
                <button type="button" onClick={() => act.mutate({ action: "delete", id: n.id })}>
                  Delete<span className="sr-only">: {n.title}</span>
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
