import { useMutation } from "@tanstack/react-query";
import { api, problemOf, type Problem } from "../api/client";
import { ProblemBanner } from "../ui/Parts";

/**
 * Saves a RUNNING cluster's kubeconfig as <name>.kubeconfig. It is fetched through the API client (so an expired
 * access cookie is renewed, and a refusal shows as a problem) and handed to the browser as a file; it holds no
 * secret, only the provider's exec plugin (aws, kubelogin, gke-gcloud-auth-plugin) that kubectl runs for a token.
 */
export function KubeconfigDownload({ clusterId, name }: { clusterId: string; name: string }) {
  const download = useMutation<void, Problem>({
    mutationFn: async () => {
      const { data, error, response } = await api.GET("/clusters/{id}/kubeconfig", {
        params: { path: { id: clusterId } },
        parseAs: "blob",
      });
      if (!data) throw problemOf(error, response);
      const url = URL.createObjectURL(data);
      const link = document.createElement("a");
      link.href = url;
      link.download = `${name}.kubeconfig`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
  return (
    <>
      <button type="button" onClick={() => download.mutate()} disabled={download.isPending}
              title="For kubectl; it signs in with your own provider CLI and holds no secret">
        Download kubeconfig
      </button>
      <ProblemBanner problem={download.error} />
    </>
  );
}
