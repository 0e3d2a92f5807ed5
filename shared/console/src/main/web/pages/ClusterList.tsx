import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, problemOf } from "../api/client";
import { Loading, ProblemBanner, Status, Title, When } from "../ui/Parts";

export function ClusterList() {
  const pages = useInfiniteQuery({
    queryKey: ["clusters"],
    queryFn: async ({ pageParam }) => {
      const { data, error, response } = await api.GET("/clusters", {
        params: { query: { limit: 100, cursor: pageParam } },
      });
      if (!data) throw problemOf(error, response);
      return data;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  const clusters = { ...pages, data: pages.data?.pages.flatMap((page) => page.clusters) };
  return (
    <section>
      <div className="heading">
        <Title text="Clusters" />
        <Link className="button primary" to="/clusters/new">
          New cluster
        </Link>
      </div>
      {clusters.isPending && <Loading />}
      <ProblemBanner problem={clusters.error ? problemOf(clusters.error) : null} />
      {clusters.data?.length === 0 && (
        <p className="empty">
          No clusters yet. <Link to="/cloud-accounts/new">Connect a cloud account</Link>, then make one.
        </p>
      )}
      {clusters.data && clusters.data.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Provider</th>
                <th scope="col">Region</th>
                <th scope="col">Kubernetes</th>
                <th scope="col">Changed</th>
              </tr>
            </thead>
            <tbody>
              {clusters.data.map((cluster) => (
                <tr key={cluster.id} data-cluster={cluster.name}>
                  <th scope="row">
                    <Link to={`/clusters/${cluster.id}`}>{cluster.name}</Link>
                  </th>
                  <td>
                    <Status status={cluster.status} />
                  </td>
                  <td>{cluster.provider.toUpperCase()}</td>
                  <td>{cluster.region}</td>
                  <td>{cluster.kubernetes_version}</td>
                  <td>
                    <When at={cluster.updated_at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages.hasNextPage && (
        <button type="button" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
          More clusters
        </button>
      )}
    </section>
  );
}
