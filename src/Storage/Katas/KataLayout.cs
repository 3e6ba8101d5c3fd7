using Saver.Storage.Ids;

namespace Saver.Storage.Katas;

/// <summary>
/// Where a kata lives. A format-2 kata is the blob <c>katas/Ab/Cd/Ef/repository.tar</c> (its
/// git repository, see <see cref="Git.RepositoryArchive"/>) beside <c>manifest.json</c>, the
/// working-tree copy the original also writes once at creation. Formats 0 and 1 keep the
/// original's files as blobs under the same prefix.
/// </summary>
public static class KataLayout
{
    public const string RepositoryBlob = "repository.tar";
    public const string ManifestBlob = "manifest.json";

    public static string Prefix(EntityId id) => id.PathUnder(EntityKind.Kata);

    public static string RepositoryBlobName(EntityId id) => Prefix(id) + RepositoryBlob;

    public static string BlobName(EntityId id, string relativePath) => Prefix(id) + relativePath;
}

/// <summary>Paths in a format-2 kata's git tree (spec §4.1).</summary>
public static class KataTree
{
    public const string Manifest = "manifest.json";
    public const string Options = "options.json";
    public const string Events = "events.json";
    public const string Readme = "README.md";
    public const string Files = "files";
    public const string Stdout = "stdout";
    public const string Stderr = "stderr";
    public const string Status = "status";
    public const string Truncations = "truncations.json";
}
