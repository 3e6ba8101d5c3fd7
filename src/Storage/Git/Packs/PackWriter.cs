using System.IO.Compression;
using System.Security.Cryptography;
using LibGit2Sharp;

namespace Saver.Storage.Git.Packs;

/// <summary>
/// Writes a git pack (version 2) of the objects added, each whole or, where a base the reader
/// already has (or that comes earlier in the pack) makes it much smaller, as a REF_DELTA
/// against that base: a thin pack, as <c>git push</c> sends one. The reading side completes it
/// with <c>git index-pack --fix-thin</c> (libgit2's indexer, <see cref="GitObjectStore.IndexPack"/>).
/// </summary>
public sealed class PackWriter
{
    /// <summary>A delta is used only when it is at most this share of the object's size: below, the base's id and the work of resolving it are not worth it.</summary>
    private const double DeltaWorthwhile = 0.5;

    private readonly List<(int Type, byte[] Header, ObjectId? Base, byte[] Compressed)> _entries = [];
    private readonly HashSet<ObjectId> _ids = [];

    public int Count => _entries.Count;

    /// <summary>Whether the object is in the pack already.</summary>
    public bool Contains(ObjectId id) => _ids.Contains(id);

    /// <summary>Adds an object, as a delta against <paramref name="baseObject"/> when one is given and worth it.</summary>
    public void Add(ObjectId id, RawObject obj, (ObjectId Id, ObjectBytes Data)? baseObject = null)
    {
        if (!_ids.Add(id)) return;
        if (baseObject is { } b && b.Id != id)
        {
            var delta = GitDelta.Create(b.Data, obj.Data);
            if (delta.Length + 20 <= obj.Data.Length * DeltaWorthwhile)
            {
                _entries.Add((RefDelta, EntryHeader(RefDelta, delta.Length), b.Id, Deflate(delta)));
                return;
            }
        }
        _entries.Add(((int)obj.Kind, EntryHeader((int)obj.Kind, obj.Data.Length), null, Deflate(obj.Data)));
    }

    /// <summary>The pack: header, entries in the order added, and the SHA-1 trailer.</summary>
    public byte[] ToArray()
    {
        var length = 12 + 20 + _entries.Sum(e => e.Header.Length + (e.Base is null ? 0 : 20) + e.Compressed.Length);
        var pack = new byte[length];
        var at = 0;
        "PACK"u8.CopyTo(pack);
        at += 4;
        WriteUInt32(pack, ref at, 2);
        WriteUInt32(pack, ref at, (uint)_entries.Count);
        foreach (var (_, header, baseId, compressed) in _entries)
        {
            header.CopyTo(pack, at);
            at += header.Length;
            if (baseId is not null)
            {
                baseId.RawId.CopyTo(pack, at);
                at += 20;
            }
            compressed.CopyTo(pack, at);
            at += compressed.Length;
        }
        SHA1.HashData(pack.AsSpan(0, at), pack.AsSpan(at));
        return pack;
    }

    /// <summary>OBJ_REF_DELTA: a delta whose base is named by its id.</summary>
    private const int RefDelta = 7;

    /// <summary>An entry's type and uncompressed size: 3 bits of type and 4 of size, then 7 bits of size per byte.</summary>
    internal static byte[] EntryHeader(int type, long size)
    {
        var header = new List<byte>(4);
        var b = (byte)((type << 4) | (int)(size & 0x0F));
        size >>= 4;
        while (size > 0)
        {
            header.Add((byte)(b | 0x80));
            b = (byte)(size & 0x7F);
            size >>= 7;
        }
        header.Add(b);
        return [.. header];
    }

    /// <summary>A zlib stream of nothing (.NET writes no bytes at all when given none, which git cannot read).</summary>
    private static readonly byte[] EmptyZlib = [0x78, 0x01, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01];

    internal static byte[] Deflate(in ObjectBytes data, CompressionLevel level = CompressionLevel.Fastest)
    {
        if (data.Length == 0) return [.. EmptyZlib];
        // Sized for what most objects compress to, and below the large object heap's threshold.
        using var output = new MemoryStream(Math.Min(data.Length / 2 + 64, 64 * 1024));
        using (var zlib = new ZLibStream(output, level, leaveOpen: true)) data.WriteTo(zlib);
        return output.ToArray();
    }

    private static void WriteUInt32(byte[] buffer, ref int at, uint value)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(at), value);
        at += 4;
    }
}
