using Saver.Storage.Clusters;

namespace Saver.Functions.Api;

public static partial class SaverApi
{
    private static IReadOnlyList<ApiMethod> ClusterMethods =>
    [
        Post("cluster_create", ["manifests"], async (a, s, ct) => await Clusters(s).CreateAsync(a.Array("manifests"), ct)),
        Get("cluster_manifest", ["id"], async (a, s, ct) => await Clusters(s).ManifestAsync(a.Id(), ct)),
        Get("cluster_exists?", ["id"], async (a, s, ct) => await Clusters(s).ExistsAsync(a["id"], ct)),
        Get("id_chain", ["id"], async (a, s, ct) => await s.GetRequiredService<IdChain>().WalkAsync(a.Id(), ct)),
    ];

    private static ClusterService Clusters(IServiceProvider services) => services.GetRequiredService<ClusterService>();
}
