using System.Buffers.Binary;
using LibGit2Sharp;

namespace Saver.Storage.Diffs;

/// <summary>
/// Object ids shortened as git shortens them on a "diff --git" index line (core.abbrev unset,
/// object-name.c, git 2.39): at least 7 hex digits, or more in a repository whose packs hold
/// 2^14 objects or more (half the bits of their count, rounded up), and then as many as it
/// takes to tell the id from every other object's.
/// </summary>
internal sealed class ObjectAbbreviation
{
    /// <summary>git's FALLBACK_DEFAULT_ABBREV.</summary>
    public const int MinimumLength = 7;

    private readonly int _minimumLength;
    private readonly Func<ObjectId, int, string> _abbreviate;

    private ObjectAbbreviation(int minimumLength, Func<ObjectId, int, string> abbreviate)
    {
        _minimumLength = minimumLength;
        _abbreviate = abbreviate;
    }

    /// <summary>Unique among every object of <paramref name="repository"/>, as git would print them there.</summary>
    public static ObjectAbbreviation In(Repository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var minimum = LengthFor(PackedObjectCount(repository.Info.Path));
        return new ObjectAbbreviation(minimum, (id, length) =>
        {
            var target = repository.Lookup(id) ?? throw new SaverException($"git object {id} is not in the repository");
            return repository.ObjectDatabase.ShortenObjectId(target, length);
        });
    }

    /// <summary>
    /// Unique among <paramref name="ids"/> only: for file sets that live in a scratch repository
    /// shared with unrelated diffs, whose other objects must not lengthen these ids.
    /// </summary>
    public static ObjectAbbreviation Among(IEnumerable<ObjectId> ids)
    {
        var all = ids.Select(id => id.Sha).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return new ObjectAbbreviation(MinimumLength, (id, length) =>
        {
            var sha = id.Sha;
            var at = Array.BinarySearch(all, sha, StringComparer.Ordinal);
            if (at < 0) at = ~at;
            // In sorted order only the neighbours can share the longest prefix.
            foreach (var neighbour in new[] { at - 1, at + 1, at })
            {
                if (neighbour < 0 || neighbour >= all.Length || all[neighbour] == sha) continue;
                length = Math.Max(length, CommonPrefixLength(sha, all[neighbour]) + 1);
            }
            return sha[..Math.Min(length, sha.Length)];
        });
    }

    /// <summary>
    /// The abbreviated id; a missing side (null) is git's all-zero id at the minimum length
    /// (git would lengthen that too were some object's id to start with as many zeros: a
    /// chance of one in 2^28 per object, not worth a lookup on every creation and deletion).
    /// </summary>
    public string Abbreviate(ObjectId? id) => id is null ? new string('0', _minimumLength) : _abbreviate(id, _minimumLength);

    /// <summary>git's automatic length for a repository whose packs list <paramref name="packedObjects"/> objects.</summary>
    public static int LengthFor(long packedObjects)
    {
        // msb(count) + 1 bits; git's msb(0) is 0.
        var bits = packedObjects <= 0 ? 1 : 64 - long.LeadingZeroCount(packedObjects);
        return Math.Max(MinimumLength, (int)((bits + 1) / 2));
    }

    /// <summary>
    /// git's approximate_object_count: the objects listed by every pack index (loose objects
    /// are not counted). A kata repository holds packs only.
    /// </summary>
    internal static long PackedObjectCount(string gitDirectory)
    {
        var packFolder = Path.Combine(gitDirectory, "objects", "pack");
        if (!Directory.Exists(packFolder)) return 0;
        long count = 0;
        foreach (var index in Directory.EnumerateFiles(packFolder, "pack-*.idx"))
            count += ObjectsInPackIndex(index);
        return count;
    }

    // A version 2 index starts "\377tOc", 2; version 1 has no header. Either way the last of
    // the 256 fan-out entries (big-endian) is the number of objects.
    private static long ObjectsInPackIndex(string path)
    {
        Span<byte> header = stackalloc byte[8 + 256 * 4];
        using var file = File.OpenRead(path);
        file.ReadExactly(header);
        ReadOnlySpan<byte> version2Magic = [0xff, (byte)'t', (byte)'O', (byte)'c'];
        var isVersion2 = header[..4].SequenceEqual(version2Magic);
        var fanOut = isVersion2 ? header[8..] : header[..(256 * 4)];
        return BinaryPrimitives.ReadUInt32BigEndian(fanOut[(255 * 4)..]);
    }

    private static int CommonPrefixLength(string a, string b)
    {
        var length = 0;
        while (length < a.Length && length < b.Length && a[length] == b[length]) length++;
        return length;
    }
}
