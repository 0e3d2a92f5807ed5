import { Link } from "react-router";
import { api, problemOf } from "../api/client";
import { usePaged } from "../api/paged";
import { Loading, ProblemBanner, Status, Title, When } from "../ui/Parts";

export function ClusterList() {
  const clusters = usePaged(["clusters"], async (cursor) => {
    const { data, error, response } = await api.GET("/clusters", { params: { query: { limit: 100, cursor } } });
    if (!data) throw problemOf(error, response);
    return data;
  }, (page) => page.clusters);
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
      {clusters.items?.length === 0 && (
        <p className="empty">
          No clusters yet. <Link to="/cloud-accounts/new">Connect a cloud account</Link>, then make one.
        </p>
      )}
      {clusters.items && clusters.items.length > 0 && (
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
              {clusters.items.map((cluster) => (
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
      {clusters.more && (
        <button type="button" onClick={clusters.more} disabled={clusters.isFetchingNextPage}>
          More clusters
        </button>
      )}
    </section>
  );
}
