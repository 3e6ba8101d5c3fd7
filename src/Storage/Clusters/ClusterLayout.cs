using Saver.Storage.Ids;

namespace Saver.Storage.Clusters;

/// <summary>
/// Where a cluster lives: <c>clusters/Ab/Cd/Ef/manifest.json</c>, beside the zero-length
/// <c>.dir</c> whose create-only put took the id before the cluster's groups were made
/// (the original's folder, created first).
/// </summary>
public static class ClusterLayout
{
    public const string ManifestBlob = "manifest.json";
    public const string ClaimBlob = ".dir";

    public static string Prefix(EntityId id) => id.PathUnder(EntityKind.Cluster);

    public static string ManifestBlobName(EntityId id) => Prefix(id) + ManifestBlob;

    public static string ClaimBlobName(EntityId id) => Prefix(id) + ClaimBlob;
}
