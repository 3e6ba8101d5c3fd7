using Saver.Storage.Ids;

namespace Saver.Storage.Groups;

/// <summary>
/// Where a group lives: the blobs under <c>groups/Ab/Cd/Ef/</c> (docs/storage-layout.md).
/// Formats 1 and 2 keep <c>manifest.json</c>, <c>katas.txt</c> and one claim per taken avatar
/// (the original's empty folder <c>&lt;index&gt;/</c>, here the zero-length blob
/// <c>&lt;index&gt;/.dir</c>); format 0 keeps <c>manifest.json</c> and <c>&lt;index&gt;/kata.id</c>.
/// </summary>
public static class GroupLayout
{
    public const string ManifestBlob = "manifest.json";
    public const string KatasBlob = "katas.txt";
    public const string ClaimBlob = ".dir";
    public const string KataIdBlob = "kata.id";

    /// <summary>Avatars are numbered 0..63 (docs/api.md §5); a group holds at most this many katas.</summary>
    public const int AvatarCount = 64;

    public static string Prefix(EntityId id) => id.PathUnder(EntityKind.Group);

    public static string ManifestBlobName(EntityId id) => Prefix(id) + ManifestBlob;

    public static string KatasBlobName(EntityId id) => Prefix(id) + KatasBlob;

    public static string ClaimBlobName(EntityId id, int index) => $"{Prefix(id)}{index}/{ClaimBlob}";

    /// <summary>
    /// The avatar index of a format-0 member file <c>groups/Ab/Cd/Ef/&lt;index&gt;/kata.id</c>,
    /// or null for any other blob of the group.
    /// </summary>
    public static int? KataIdBlobIndex(EntityId id, string blobName)
    {
        var prefix = Prefix(id);
        if (!blobName.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var parts = blobName[prefix.Length..].Split('/');
        return parts is [var index, KataIdBlob] && AvatarIndex.TryParse(index, out var parsed) ? parsed : null;
    }
}
