using System.Buffers.Binary;
using LibGit2Sharp;

namespace Saver.Storage.Git;

/// <summary>
/// The object ids a pack holds, read from its .idx file (versions 1 and 2), so a pack's
/// objects can be packed again without walking history.
/// </summary>
internal static class PackIndex
{
    private const int FanoutBytes = 256 * 4;
    private static readonly byte[] Version2Magic = [0xFF, (byte)'t', (byte)'O', (byte)'c'];

    /// <summary>How many objects the pack holds: the last entry of its index's fan-out table.</summary>
    /// <param name="packPath">The .pack file; its .idx sits beside it.</param>
    public static int ObjectCount(string packPath)
    {
        using var index = File.OpenHandle(Path.ChangeExtension(packPath, ".idx"));
        Span<byte> header = stackalloc byte[8 + FanoutBytes];
        var read = RandomAccess.Read(index, header, 0);
        return Count(header[..read], packPath).Count;
    }

    /// <param name="packPath">The .pack file; its .idx sits beside it.</param>
    public static List<ObjectId> ObjectIds(string packPath)
    {
        var index = File.ReadAllBytes(Path.ChangeExtension(packPath, ".idx"));
        var (count, version2) = Count(index, packPath);
        // Version 2 lists the ids together; version 1 puts a 4-byte offset before each.
        var (first, stride, skip) = version2 ? (8 + FanoutBytes, 20, 0) : (FanoutBytes, 24, 4);
        if (index.Length < first + (long)count * stride) throw new InvalidDataException($"{packPath}: pack index is truncated");
        var ids = new List<ObjectId>(count);
        for (var i = 0; i < count; i++) ids.Add(new ObjectId(index.AsSpan(first + i * stride + skip, 20).ToArray()));
        return ids;
    }

    private static (int Count, bool Version2) Count(ReadOnlySpan<byte> index, string packPath)
    {
        var version2 = index.StartsWith(Version2Magic);
        if (version2 && (index.Length < 8 || BinaryPrimitives.ReadUInt32BigEndian(index[4..]) != 2))
            throw new InvalidDataException($"{packPath}: pack index version is not 1 or 2");
        var fanout = version2 ? 8 : 0;
        if (index.Length < fanout + FanoutBytes) throw new InvalidDataException($"{packPath}: pack index is truncated");
        return ((int)BinaryPrimitives.ReadUInt32BigEndian(index[(fanout + 255 * 4)..]), version2);
    }
}
