using System.Buffers.Binary;
using ICSharpCode.SharpZipLib.Zip.Compression;
using LibGit2Sharp;

namespace Saver.Storage.Git.Packs;

/// <summary>
/// Reads a git pack (version 2), thin ones included: every object in it, whole, with its id.
/// A REF_DELTA is resolved against an earlier object of the pack or, for a thin pack's bases,
/// against <c>bases</c> (what the reader already has). Entries are parsed by inflating each
/// one exactly as far as its zlib stream goes.
/// </summary>
public static class PackReader
{
    private const int Commit = 1, Tree = 2, Blob = 3, Tag = 4, OfsDelta = 6, RefDelta = 7;

    /// <exception cref="InvalidDataException">The bytes are not a pack, or a delta's base is nowhere.</exception>
    public static List<(ObjectId Id, RawObject Object)> Read(ReadOnlySpan<byte> pack, Func<ObjectId, RawObject?> bases)
    {
        if (pack.Length < 32 || !pack.StartsWith("PACK"u8) || BinaryPrimitives.ReadUInt32BigEndian(pack[4..]) != 2)
            throw new InvalidDataException("not a version 2 git pack");
        var count = BinaryPrimitives.ReadUInt32BigEndian(pack[8..]);
        var bytes = pack.ToArray();
        var at = 12;
        var objects = new List<(ObjectId, RawObject)>((int)count);
        var inPack = new Dictionary<ObjectId, RawObject>();
        var deltas = new List<(ObjectId Base, byte[] Delta)>();
        var inflater = new Inflater();
        var spare = new byte[1];
        for (var i = 0; i < count; i++)
        {
            var (type, size, headerLength) = EntryHeader(bytes.AsSpan(at));
            at += headerLength;
            ObjectId? baseId = null;
            if (type == RefDelta)
            {
                baseId = new ObjectId(bytes.AsSpan(at, 20).ToArray());
                at += 20;
            }
            else if (type is not (Commit or Tree or Blob or Tag))
            {
                throw new InvalidDataException(type == OfsDelta ? "offset deltas are not written here" : $"unknown pack entry type {type}");
            }
            var data = new byte[size];
            inflater.Reset();
            inflater.SetInput(bytes, at, bytes.Length - 20 - at);
            var done = 0;
            while (done < size)
            {
                var n = inflater.Inflate(data, done, data.Length - done);
                if (n == 0 && (inflater.IsNeedingInput || inflater.IsFinished)) throw new InvalidDataException("a pack entry is cut short");
                done += n;
            }
            // Let the inflater read the stream's end (its checksum), so its input count is the entry's.
            // A zero-length Inflate may stop short of the end, so ask for one more byte until it is there.
            while (!inflater.IsFinished)
            {
                if (inflater.Inflate(spare, 0, 1) > 0) throw new InvalidDataException("a pack entry is longer than it says");
                if (!inflater.IsFinished && inflater.IsNeedingInput) throw new InvalidDataException("a pack entry is cut short");
            }
            at += (int)inflater.TotalIn;

            if (baseId is null)
            {
                var raw = new RawObject((GitObjectKind)type, data);
                var id = ObjectOverlay.IdOf(raw.Kind, data);
                objects.Add((id, raw));
                inPack[id] = raw;
            }
            else
            {
                deltas.Add((baseId, data));
            }
        }
        // Deltas in any order: each pass resolves those whose base is known by now.
        while (deltas.Count > 0)
        {
            var left = new List<(ObjectId, byte[])>();
            foreach (var (baseId, delta) in deltas)
            {
                var baseObject = inPack.TryGetValue(baseId, out var known) ? known : bases(baseId);
                if (baseObject is not { } b)
                {
                    left.Add((baseId, delta));
                    continue;
                }
                var raw = new RawObject(b.Kind, GitDelta.Apply(b.Data, delta));
                var id = ObjectOverlay.IdOf(raw.Kind, raw.Data);
                objects.Add((id, raw));
                inPack[id] = raw;
            }
            if (left.Count == deltas.Count) throw new InvalidDataException($"a delta's base {left[0].Item1} is neither in the pack nor here");
            deltas = left;
        }
        return objects;
    }

    /// <summary>A pack entry's header: 3 bits of type and 4 of size, then 7 bits of size per byte while the top bit is set.</summary>
    internal static (int Type, long Size, int Length) EntryHeader(ReadOnlySpan<byte> entry)
    {
        var at = 0;
        var c = entry[at++];
        var type = (c >> 4) & 7;
        long size = c & 0x0F;
        for (var shift = 4; (c & 0x80) != 0; shift += 7)
        {
            c = entry[at++];
            size |= (long)(c & 0x7F) << shift;
        }
        return (type, size, at);
    }
}
