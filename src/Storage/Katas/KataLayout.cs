using System.Text.Json.Nodes;
using Saver.Storage.Ids;

namespace Saver.Storage.Katas;

/// <summary>
/// Where a kata lives. A format-2 kata is a git repository named by its prefix
/// <c>katas/Ab/Cd/Ef/</c> (its blobs under <c>katas/Ab/Cd/Ef/repository/</c>, see
/// <see cref="Git.RepositoryLayout"/>; or, written by earlier versions, the single blob
/// <c>repository.tar</c>) beside <c>manifest.json</c>, the working-tree copy the original also
/// writes once at creation. Formats 0 and 1 keep the original's files as blobs under the same prefix.
/// </summary>
public static class KataLayout
{
    /// <summary>The single blob of earlier versions (<see cref="Git.RepositoryLayout.SingleBlob"/>).</summary>
    public const string RepositoryBlob = "repository.tar";
    public const string ManifestBlob = "manifest.json";

    public static string Prefix(EntityId id) => id.PathUnder(EntityKind.Kata);

    /// <summary>The kata's repository in the <see cref="Git.RepositoryStore"/>.</summary>
    public static string RepositoryName(EntityId id) => Prefix(id);

    /// <summary>Whether a blob of a kata (its name relative to the kata's prefix) is part of its repository, in either form.</summary>
    public static bool IsRepositoryBlob(string relativeName) =>
        relativeName == RepositoryBlob || relativeName.StartsWith("repository/", StringComparison.Ordinal);

    public static string BlobName(EntityId id, string relativePath) => Prefix(id) + relativePath;

    /// <summary>
    /// Where a new kata keeps its repository's logs: a group member's under its group
    /// (<see cref="MemberLogsPrefix"/>), so that one listing tells a dashboard which members
    /// changed; null, under its own prefix, for any other.
    /// </summary>
    public static string? LogFolder(EntityId id, JsonObject manifest) =>
        Groups.EntityLinks.GroupOf(manifest) is { } groupId ? MemberLogsPrefix(groupId) + id.Value + "/" : null;

    /// <summary>The folder under which a group's members keep their logs, one folder each: <c>groups/Gh/Ij/Kl/logs/</c>.</summary>
    public static string MemberLogsPrefix(EntityId groupId) => groupId.PathUnder(EntityKind.Group) + "logs/";
}

/// <summary>Paths in a format-2 kata's git tree (docs/api.md §4.1).</summary>
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
