using Saver.Storage.Clusters;

namespace Saver.Functions.Api;

public static partial class SaverApi
{
    private static IReadOnlyList<ApiMethod> ClusterMethods =>
    [
        Post("cluster_create", ["manifests"], async (a, s, ct) => await s.Clusters.CreateAsync(a.Array("manifests"), ct)),
        Get("cluster_manifest", ["id"], async (a, s, ct) => await s.Clusters.ManifestAsync(a.Id(), ct)),
        Get("cluster_exists?", ["id"], async (a, s, ct) => await s.Clusters.ExistsAsync(a["id"], ct)),
        Get("id_chain", ["id"], async (a, s, ct) => await s.IdChain.WalkAsync(a.Id(), ct)),
    ];

}
