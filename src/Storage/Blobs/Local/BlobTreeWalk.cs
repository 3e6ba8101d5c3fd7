namespace Saver.Storage.Blobs.Local;

/// <summary>
/// The names of the blobs under a prefix, in ordinal order, read lazily from the folder
/// tree: the walk starts at the deepest folder the prefix names and skips whole folders
/// that hold only names at or before the continuation point, so one page of
/// <c>katas/Ab/Cd/Ef/</c> reads that folder and nothing else.
/// </summary>
/// <remarks>
/// Sorting each folder's entries by "segment" for a blob and "segment/" for a folder yields
/// the names in ordinal order overall: every name under a folder starts with
/// "segment/", so it sorts against its neighbours exactly as that key does (which is why
/// "a/b-c" comes before "a/b/c": '-' sorts before '/').
/// </remarks>
internal static class BlobTreeWalk
{
    public static IEnumerable<string> Names(BlobFileLayout layout, string prefix, string? after)
    {
        if (layout.ListingStart(prefix) is not var (folder, namePrefix)) return [];
        return Walk(folder, namePrefix, prefix, after);
    }

    private static IEnumerable<string> Walk(string folder, string folderName, string prefix, string? after)
    {
        foreach (var entry in SortedEntries(folder, folderName))
        {
            if (entry.IsFolder)
            {
                // Descend only where a name with the prefix and after the token can be.
                var mayMatchPrefix = entry.Name.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(entry.Name, StringComparison.Ordinal);
                var allBeforeToken = after is not null && string.CompareOrdinal(entry.Name, after) < 0 && !after.StartsWith(entry.Name, StringComparison.Ordinal);
                if (!mayMatchPrefix || allBeforeToken) continue;
                foreach (var name in Walk(entry.Path, entry.Name, prefix, after)) yield return name;
            }
            else if (entry.Name.StartsWith(prefix, StringComparison.Ordinal)
                     && (after is null || string.CompareOrdinal(entry.Name, after) > 0))
            {
                yield return entry.Name;
            }
        }
    }

    /// <param name="Name">The blob's name, or for a folder the name prefix it stands for (ending in '/').</param>
    private sealed record Entry(string Name, string Path, bool IsFolder);

    private static List<Entry> SortedEntries(string folder, string folderName)
    {
        var entries = new List<Entry>();
        try
        {
            foreach (var info in new DirectoryInfo(folder).EnumerateFileSystemInfos())
            {
                // Anything the store would not have written (a stray file, a name no valid
                // blob has) is not a blob.
                if (info is DirectoryInfo)
                {
                    if (BlobFileLayout.Unescape(info.Name) is { } segment && BlobName.IsValid(folderName + segment))
                        entries.Add(new Entry(folderName + segment + "/", info.FullName, true));
                }
                else if (info.Name.EndsWith(BlobFileLayout.BlobSuffix, StringComparison.Ordinal)
                         && BlobFileLayout.Unescape(info.Name[..^BlobFileLayout.BlobSuffix.Length]) is { } segment
                         && BlobName.IsValid(folderName + segment))
                {
                    entries.Add(new Entry(folderName + segment, info.FullName, false));
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            // Never created, or its last blob was just deleted: nothing in it.
        }
        entries.Sort((x, y) => string.CompareOrdinal(x.Name, y.Name));
        return entries;
    }
}
