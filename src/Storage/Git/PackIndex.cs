using System.Buffers.Binary;
using LibGit2Sharp;

namespace Saver.Storage.Git;

/// <summary>
/// A pack's .idx file: read (versions 1 and 2) for the ids and offsets of the objects a pack
/// holds, so they can be packed again without walking history; written (version 2) for a
/// pack whose entries the writer knows.
/// </summary>
internal static class PackIndex
{
    private const int FanoutBytes = 256 * 4;
    private static readonly byte[] Version2Magic = [0xFF, (byte)'t', (byte)'O', (byte)'c'];

    /// <summary>An object of a pack: its id, where its entry starts, and the CRC-32 of the entry's bytes.</summary>
    public readonly record struct Entry(ObjectId Id, long Offset, uint Crc32);

    /// <summary>Every object of the pack with the offset of its entry, in the index's (id) order.</summary>
    /// <param name="packPath">The .pack file; its .idx sits beside it.</param>
    public static List<(ObjectId Id, long Offset)> Entries(string packPath)
    {
        var index = File.ReadAllBytes(Path.ChangeExtension(packPath, ".idx"));
        var (count, version2) = Count(index, packPath);
        var entries = new List<(ObjectId, long)>(count);
        if (!version2)
        {
            // Version 1: the fan-out, then per object a 4-byte offset and its id.
            if (index.Length < FanoutBytes + (long)count * 24) throw new InvalidDataException($"{packPath}: pack index is truncated");
            for (var i = 0; i < count; i++)
            {
                var at = FanoutBytes + i * 24;
                entries.Add((new ObjectId(index.AsSpan(at + 4, 20).ToArray()), BinaryPrimitives.ReadUInt32BigEndian(index.AsSpan(at))));
            }
            return entries;
        }
        // Version 2: the ids, their CRC-32s, their 4-byte offsets, then the 8-byte offsets the 4-byte ones point to.
        var ids = 8 + FanoutBytes;
        var offsets = ids + count * 24L;
        var large = offsets + count * 4L;
        if (index.Length < large) throw new InvalidDataException($"{packPath}: pack index is truncated");
        for (var i = 0; i < count; i++)
        {
            long offset = BinaryPrimitives.ReadUInt32BigEndian(index.AsSpan((int)(offsets + i * 4L)));
            if ((offset & 0x80000000) != 0)
            {
                var at = large + (offset & 0x7FFFFFFF) * 8;
                if (index.Length < at + 8) throw new InvalidDataException($"{packPath}: pack index is truncated");
                offset = checked((long)BinaryPrimitives.ReadUInt64BigEndian(index.AsSpan((int)at)));
            }
            entries.Add((new ObjectId(index.AsSpan(ids + i * 20, 20).ToArray()), offset));
        }
        return entries;
    }

    /// <summary>How long the version 2 index of these entries is.</summary>
    public static int LengthOf(IReadOnlyCollection<Entry> entries) =>
        8 + FanoutBytes + entries.Count * 28 + entries.Count(e => e.Offset > 0x7FFFFFFF) * 8 + 40;

    /// <summary>
    /// Writes the version 2 index of a pack of <paramref name="entries"/> whose trailer is
    /// <paramref name="packChecksum"/> into <paramref name="index"/> (<see cref="LengthOf"/> long), as git index-pack writes it.
    /// </summary>
    public static void Write(IReadOnlyCollection<Entry> entries, ReadOnlySpan<byte> packChecksum, Span<byte> index)
    {
        var sorted = entries.Select(e => (Raw: e.Id.RawId, e.Offset, e.Crc32)).ToList();
        sorted.Sort((x, y) => x.Raw.AsSpan().SequenceCompareTo(y.Raw));
        var largeCount = sorted.Count(e => e.Offset > 0x7FFFFFFF);
        index.Clear();
        Version2Magic.CopyTo(index);
        BinaryPrimitives.WriteUInt32BigEndian(index[4..], 2);
        // Entry b of the fan-out: how many ids start with a byte at most b.
        var startingWith = new int[256];
        foreach (var (raw, _, _) in sorted) startingWith[raw[0]]++;
        for (int b = 0, upTo = 0; b < 256; b++)
        {
            upTo += startingWith[b];
            BinaryPrimitives.WriteUInt32BigEndian(index[(8 + b * 4)..], (uint)upTo);
        }
        var ids = 8 + FanoutBytes;
        var crcs = ids + sorted.Count * 20;
        var offsets = crcs + sorted.Count * 4;
        var large = offsets + sorted.Count * 4;
        var nextLarge = 0;
        for (var i = 0; i < sorted.Count; i++)
        {
            var (raw, offset, crc) = sorted[i];
            raw.CopyTo(index[(ids + i * 20)..]);
            BinaryPrimitives.WriteUInt32BigEndian(index[(crcs + i * 4)..], crc);
            if (offset <= 0x7FFFFFFF)
            {
                BinaryPrimitives.WriteUInt32BigEndian(index[(offsets + i * 4)..], (uint)offset);
                continue;
            }
            BinaryPrimitives.WriteUInt32BigEndian(index[(offsets + i * 4)..], 0x80000000u | (uint)nextLarge);
            BinaryPrimitives.WriteUInt64BigEndian(index[(large + nextLarge++ * 8)..], (ulong)offset);
        }
        var trailer = large + largeCount * 8;
        packChecksum.CopyTo(index[trailer..]);
        System.Security.Cryptography.SHA1.HashData(index[..(trailer + 20)], index[(trailer + 20)..]);
    }

    /// <summary>How many objects the pack holds: the last entry of its index's fan-out table.</summary>
    /// <param name="packPath">The .pack file; its .idx sits beside it.</param>
    public static int ObjectCount(string packPath)
    {
        using var index = File.OpenHandle(Path.ChangeExtension(packPath, ".idx"));
        Span<byte> header = stackalloc byte[8 + FanoutBytes];
        var read = RandomAccess.Read(index, header, 0);
        return Count(header[..read], packPath).Count;
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
