using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;
using LibGit2Sharp;
using Saver.Storage.IO;

namespace Saver.Storage.Git.Packs;

/// <summary>
/// The pack maintenance uploads (docs/storage-layout.md, "Maintenance"), made without searching
/// for deltas or hashing any object again, so its cost follows the bytes it moves:
/// <list type="bullet">
/// <item>The packs it merges are copied entry by entry, as they are: each object's compressed
/// bytes, and its delta when it is one. An offset delta (as git writes them) becomes a delta
/// naming its base by id, since offsets change in the new pack.</item>
/// <item>The tail's objects are stored per path: the newest version whole, so reading a kata
/// at its head resolves no delta, and each older version as a delta against the newest, one
/// step from anything (see <see cref="WriteChain"/>). A pack is read on its own: every base it
/// names is in it.</item>
/// </list>
/// The index is written from what the writing knows (ids, offsets, CRC-32s), as <c>git
/// index-pack</c> would write it.
/// </summary>
internal static class CompactionPack
{
    private const int OfsDelta = 6, RefDelta = 7;

    /// <summary>A delta is stored only when it is at most this share of the object (as <see cref="PackWriter"/> does).</summary>
    private const double DeltaWorthwhile = 0.5;

    /// <param name="mergedPacks">The .pack files merged in (each with its .idx beside it), copied whole.</param>
    /// <param name="tail">The objects the log's tail brought, each with the same path's version before it, bases first (<see cref="ChangePack.NewObjects"/>).</param>
    /// <param name="read">An object's raw bytes, wherever the repository keeps it.</param>
    /// <returns>The pack blob (<see cref="PackBlob"/>): the pack and its version 2 index, in a buffer borrowed from the pool (dispose it).</returns>
    public static PooledBytes Write(IEnumerable<string> mergedPacks, IReadOnlyList<(ObjectId Id, ObjectId? DeltaBase)> tail,
        Func<ObjectId, RawObject> read)
    {
        using var entries = new Entries();
        foreach (var pack in mergedPacks) CopyEntries(pack, entries);
        var inTail = tail.Select(o => o.Id).ToHashSet();
        foreach (var (anchor, versions) in Chains(tail))
        {
            if (versions.All(entries.Contains)) continue;
            // The anchor counts only when the pack holds it; otherwise the first version starts afresh.
            WriteChain(anchor is not null && entries.Contains(anchor) ? [anchor, .. versions] : versions, entries, read, inTail);
        }
        // A pack that lacks one of them would lose history once the log it replaces is gone.
        if (tail.FirstOrDefault(o => !entries.Contains(o.Id)) is { Id: not null } missed)
            throw new InvalidOperationException($"maintenance's pack would lack {missed.Id} (stored against {missed.DeltaBase})");
        entries.Rebase(MaxDepth);
        entries.CheckBases();
        return entries.Write();
    }

    /// <summary>
    /// The tail's objects as chains of versions, one per path, oldest to newest, each with its
    /// anchor: the version before the tail, when there is one.
    /// </summary>
    private static List<(ObjectId? Anchor, List<ObjectId> Versions)> Chains(IReadOnlyList<(ObjectId Id, ObjectId? DeltaBase)> tail)
    {
        var inTail = tail.Select(o => o.Id).ToHashSet();
        var next = new Dictionary<ObjectId, ObjectId>();
        foreach (var (id, deltaBase) in tail)
            if (deltaBase is not null) next.TryAdd(deltaBase, id);
        var chains = new List<(ObjectId?, List<ObjectId>)>();
        foreach (var (id, deltaBase) in tail)
        {
            // A chain starts where a version's base is not in the tail, or is claimed by another path.
            if (deltaBase is not null && inTail.Contains(deltaBase) && next[deltaBase] == id) continue;
            var versions = new List<ObjectId>();
            // A path whose content came back to an earlier version could lead round: stop there.
            for (var version = id; version != deltaBase && !versions.Contains(version); version = next[version])
            {
                versions.Add(version);
                if (!next.ContainsKey(version)) break;
            }
            chains.Add((deltaBase, versions));
        }
        // A version whose path led round to it is in no chain yet: it makes one of its own.
        var inChains = chains.SelectMany(c => c.Item2).ToHashSet();
        foreach (var (id, deltaBase) in tail)
            if (inChains.Add(id)) chains.Add((deltaBase, [id]));
        return chains;
    }

    /// <summary>
    /// One path's versions: the newest whole, so a read at the head resolves no delta, and every
    /// older one a delta against it (one step from any version; and small, since a path's
    /// versions mostly grow or change in places). The anchor, the version before the tail, when
    /// the pack merged in stores it whole, becomes a delta against the newest too, so a
    /// merged pack keeps one whole version of a path rather than one per tail, unless that would
    /// make some chain of deltas (older tails' versions lean on their anchors) longer than
    /// <see cref="MaxDepth"/>.
    /// </summary>
    private static void WriteChain(List<ObjectId> chain, Entries entries, Func<ObjectId, RawObject> read, HashSet<ObjectId> inTail)
    {
        // A start that is another path's version in this tail (the same content at two paths) stays as that path stores it.
        var mayRebaseStart = !entries.Contains(chain[0]) || !inTail.Contains(chain[0]);
        var newestId = chain[^1];
        var newest = read(newestId);
        if (!entries.Contains(newestId)) entries.Add(newestId, Entry((int)newest.Kind, newest.Data.Length, null, Deflate(newest.Data)));
        var deltas = new GitDelta.DeltaSource(newest.Data);
        for (var position = 0; position < chain.Count - 1; position++)
        {
            if (entries.Contains(chain[position])) continue;
            var raw = read(chain[position]);
            entries.Add(chain[position], TryDelta(deltas, raw.Data, out var delta)
                ? Entry(RefDelta, delta.Length, newestId, Deflate(delta))
                : Entry((int)raw.Kind, raw.Data.Length, null, Deflate(raw.Data)));
        }
        if (chain.Count > 1 && mayRebaseStart && entries.IsWhole(chain[0]) && entries.IsWhole(newestId)
            && TryDelta(deltas, read(chain[0]).Data, out var anchorDelta))
            entries.ProposeRebase(chain[0], newestId, Entry(RefDelta, anchorDelta.Length, newestId, Deflate(anchorDelta)));
    }

    /// <summary>
    /// The longest chain of deltas a read goes through here. git allows 50, but each step of a
    /// large file copies the whole of it, and an old event's files are read often.
    /// </summary>
    private const int MaxDepth = 10;

    /// <summary>Maintenance runs in the background, where zlib's usual level costs nothing anyone waits for, and every merge copies its bytes again.</summary>
    private static byte[] Deflate(in ObjectBytes data) => PackWriter.Deflate(data, System.IO.Compression.CompressionLevel.Optimal);

    private static bool TryDelta(GitDelta.DeltaSource source, in ObjectBytes target, out byte[] delta)
    {
        delta = source.DeltaTo(target);
        return delta.Length + 20 <= target.Length * DeltaWorthwhile;
    }

    /// <summary>Every entry of a pack, as it is, except that an offset delta names its base by id.</summary>
    private static void CopyEntries(string packPath, Entries entries)
    {
        var file = entries.Keep(PooledBytes.ReadAll(packPath));
        var pack = file.Span;
        var objects = PackIndex.Entries(packPath);
        objects.Sort((x, y) => x.Offset.CompareTo(y.Offset));
        var idAt = objects.ToDictionary(o => o.Offset, o => o.Id);
        var end = pack.Length - 20;
        for (var i = 0; i < objects.Count; i++)
        {
            var (id, offset) = objects[i];
            var next = i + 1 < objects.Count ? objects[i + 1].Offset : end;
            if (offset < 12 || next > end || next <= offset) throw new InvalidDataException($"{packPath}: pack index and pack disagree");
            if (entries.Contains(id)) continue;
            var entry = pack.Slice((int)offset, (int)(next - offset));
            var (type, size, headerLength) = ReadEntryHeader(entry, packPath);
            if (type != OfsDelta)
            {
                entries.Add(id, file.Memory.Slice((int)offset, entry.Length));
                continue;
            }
            var at = headerLength;
            long distance = entry[at] & 0x7F;
            while ((entry[at++] & 0x80) != 0) distance = ((distance + 1) << 7) | (long)(entry[at] & 0x7F);
            if (!idAt.TryGetValue(offset - distance, out var baseId)) throw new InvalidDataException($"{packPath}: an offset delta's base is not an entry");
            entries.Add(id, Entry(RefDelta, size, baseId, entry[at..].ToArray()));
        }
    }

    private static (int Type, long Size, int HeaderLength) ReadEntryHeader(ReadOnlySpan<byte> entry, string packPath)
    {
        var header = PackReader.EntryHeader(entry);
        if (header.Type is not (1 or 2 or 3 or 4 or OfsDelta or RefDelta)) throw new InvalidDataException($"{packPath}: unknown pack entry type {header.Type}");
        return header;
    }

    private static byte[] Entry(int type, long size, ObjectId? baseId, byte[] compressed)
    {
        var header = PackWriter.EntryHeader(type, size);
        var entry = new byte[header.Length + (baseId is null ? 0 : 20) + compressed.Length];
        header.CopyTo(entry, 0);
        baseId?.RawId.CopyTo(entry, header.Length);
        compressed.CopyTo(entry, entry.Length - compressed.Length);
        return entry;
    }

    /// <summary>
    /// The entries of the new pack, in the order added, each once. Entries copied from a merged
    /// pack point into its bytes, which are kept (borrowed from the pool) until the pack is
    /// written: maintenance allocates little that outlives it.
    /// </summary>
    private sealed class Entries : IDisposable
    {
        private readonly List<(ObjectId Id, ReadOnlyMemory<byte> Bytes)> _list = [];
        private readonly Dictionary<ObjectId, int> _at = [];
        private readonly List<PooledBytes> _kept = [];
        private readonly List<(ObjectId Whole, ObjectId Onto, byte[] Delta)> _proposed = [];

        public PooledBytes Keep(PooledBytes bytes)
        {
            _kept.Add(bytes);
            return bytes;
        }

        public bool Contains(ObjectId id) => _at.ContainsKey(id);

        public void Add(ObjectId id, ReadOnlyMemory<byte> bytes)
        {
            if (_at.TryAdd(id, _list.Count)) _list.Add((id, bytes));
        }

        /// <summary>Whether the object is here, stored whole (not as a delta).</summary>
        public bool IsWhole(ObjectId id) => _at.TryGetValue(id, out var at) && IsWholeEntry(_list[at].Bytes.Span);

        private static bool IsWholeEntry(ReadOnlySpan<byte> entry) => PackReader.EntryHeader(entry).Type is >= 1 and <= 4;

        /// <summary>Proposes storing a whole object as a delta against another whole one; <see cref="Rebase"/> decides.</summary>
        public void ProposeRebase(ObjectId whole, ObjectId onto, byte[] delta) => _proposed.Add((whole, onto, delta));

        /// <summary>
        /// Applies the proposed rebases, in order, each only while both objects are still whole and
        /// no chain of deltas would grow longer than <paramref name="maxDepth"/>: the objects stored
        /// against a whole one, at any remove, each go one step deeper when it becomes a delta.
        /// </summary>
        public void Rebase(int maxDepth)
        {
            if (_proposed.Count == 0) return;
            var deepestUnder = DeepestUnderEachWhole();
            foreach (var (whole, onto, delta) in _proposed)
            {
                if (!IsWhole(whole) || !IsWhole(onto) || whole == onto) continue;
                var under = deepestUnder.GetValueOrDefault(whole);
                if (under + 1 > maxDepth) continue;
                _list[_at[whole]] = (whole, delta);
                deepestUnder[onto] = Math.Max(deepestUnder.GetValueOrDefault(onto), under + 1);
                deepestUnder.Remove(whole);
            }
        }

        /// <summary>Throws unless every delta's base is in the pack: a pack is read on its own.</summary>
        public void CheckBases()
        {
            foreach (var (id, baseId) in BaseOf())
                if (!_at.ContainsKey(baseId)) throw new InvalidOperationException($"maintenance's pack would store {id} against {baseId}, which it lacks");
        }

        /// <summary>The base of each delta here.</summary>
        private Dictionary<ObjectId, ObjectId> BaseOf()
        {
            var baseOf = new Dictionary<ObjectId, ObjectId>(_list.Count);
            foreach (var (id, bytes) in _list)
            {
                var entry = bytes.Span;
                var (type, _, headerLength) = PackReader.EntryHeader(entry);
                if (type == RefDelta) baseOf[id] = new ObjectId(entry.Slice(headerLength, 20).ToArray());
            }
            return baseOf;
        }

        /// <summary>For each whole object, the most deltas between it and anything stored against it.</summary>
        private Dictionary<ObjectId, int> DeepestUnderEachWhole()
        {
            var baseOf = BaseOf();
            var depth = new Dictionary<ObjectId, (int Depth, ObjectId Root)>(_list.Count);
            var deepest = new Dictionary<ObjectId, int>();
            var path = new List<ObjectId>();
            foreach (var (id, _) in _list)
            {
                // Up to an object whose depth is known, or a whole one; then back down.
                path.Clear();
                (int Depth, ObjectId Root) known;
                for (var current = id; ; current = baseOf[current])
                {
                    if (depth.TryGetValue(current, out known)) break;
                    if (!baseOf.ContainsKey(current))
                    {
                        depth[current] = known = (0, current);
                        break;
                    }
                    path.Add(current);
                    if (path.Count > _list.Count) throw new InvalidOperationException("a pack's deltas form a cycle");
                }
                for (var i = path.Count - 1; i >= 0; i--) depth[path[i]] = known = (known.Depth + 1, known.Root);
                var (d, root) = depth[id];
                deepest[root] = Math.Max(deepest.GetValueOrDefault(root), d);
            }
            return deepest;
        }

        /// <summary>The pack blob (<see cref="PackBlob"/>: the index, then the pack), in a buffer borrowed from the pool.</summary>
        public PooledBytes Write()
        {
            var packLength = checked((int)(12 + _list.Sum(e => (long)e.Bytes.Length) + 20));
            var indexed = new List<PackIndex.Entry>(_list.Count);
            var at = 12L;
            foreach (var (id, bytes) in _list)
            {
                indexed.Add(new PackIndex.Entry(id, at, Crc32.HashToUInt32(bytes.Span)));
                at += bytes.Length;
            }
            var indexLength = PackIndex.LengthOf(indexed);
            var blob = new PooledBytes(PackBlob.HeaderLength + indexLength + packLength);
            var pack = blob.Span[(PackBlob.HeaderLength + indexLength)..];
            "PACK"u8.CopyTo(pack);
            BinaryPrimitives.WriteUInt32BigEndian(pack[4..], 2);
            BinaryPrimitives.WriteUInt32BigEndian(pack[8..], (uint)_list.Count);
            for (var i = 0; i < _list.Count; i++) _list[i].Bytes.Span.CopyTo(pack[(int)indexed[i].Offset..]);
            SHA1.HashData(pack[..^20], pack[^20..]);
            PackIndex.Write(indexed, pack[^20..], blob.Span.Slice(PackBlob.HeaderLength, indexLength));
            PackBlob.WriteHeader(blob.Span, indexLength);
            return blob;
        }

        public void Dispose()
        {
            foreach (var bytes in _kept) bytes.Dispose();
        }
    }
}
