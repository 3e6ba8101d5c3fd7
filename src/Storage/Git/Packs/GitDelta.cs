namespace Saver.Storage.Git.Packs;

/// <summary>
/// Git's binary delta (the format of a pack's delta entries): the target described as copies
/// from the base and inserted bytes. Saver's changes are edits in place (a line of a file, an
/// entry added to events.json, an entry of a tree), so the delta is the common prefix and the
/// common suffix copied and the middle inserted: one pass, no search, and its size is that of
/// the change, whatever the size of the file.
/// </summary>
public static class GitDelta
{
    /// <summary>Git packs at most this much into one copy instruction (three size bytes).</summary>
    private const int MaxCopy = 0xFFFFFF;

    /// <summary>And at most this many literal bytes into one insert instruction.</summary>
    private const int MaxInsert = 0x7F;

    /// <summary>A delta that turns <paramref name="source"/> into <paramref name="target"/>.</summary>
    public static byte[] Create(in ObjectBytes source, in ObjectBytes target)
    {
        var (prefix, suffix) = CommonEnds(source, target);
        return Create(source.Length, target, prefix, suffix);
    }

    /// <summary>How many bytes the two share at the start, and then at the end.</summary>
    private static (int Prefix, int Suffix) CommonEnds(in ObjectBytes source, in ObjectBytes target)
    {
        var prefix = source.CommonPrefixLength(target);
        return (prefix, source.CommonSuffixLength(target, Math.Min(source.Length, target.Length) - prefix));
    }

    private static byte[] Create(int sourceLength, in ObjectBytes target, int prefix, int suffix)
    {
        var between = target.Length - prefix - suffix;
        using var delta = new MemoryStream(32 + between + between / MaxInsert);
        WriteSize(delta, sourceLength);
        WriteSize(delta, target.Length);
        Copy(delta, 0, prefix);
        Insert(delta, target.Slice(prefix, between));
        Copy(delta, sourceLength - suffix, suffix);
        return delta.ToArray();
    }

    /// <summary>
    /// A delta that also finds what moved or stayed between several changes (see
    /// <see cref="DeltaSource"/>), for a tree whose entries changed here and there or a file
    /// edited in several places.
    /// </summary>
    public static byte[] CreateMatching(in ObjectBytes source, in ObjectBytes target) => new DeltaSource(source).DeltaTo(target);

    /// <summary>
    /// A source to make deltas from, for several targets. Where the common prefix and suffix
    /// leave only a little between them (an entry added to events.json, one edit), that is the
    /// delta. Otherwise every run of <see cref="MinMatch"/> bytes of the target found in the
    /// source, by an index of the source's 8-byte windows made once for all targets, is copied,
    /// extended as far as it goes both ways, and the rest inserted. Objects larger than
    /// <see cref="MatchingLimit"/> (the append-mostly kind) always take prefix and suffix.
    /// </summary>
    public sealed class DeltaSource(ObjectBytes source)
    {
        private Dictionary<ulong, int>? _windows;
        private byte[]? _whole;

        public byte[] DeltaTo(in ObjectBytes target)
        {
            var (prefix, suffix) = CommonEnds(source, target);
            var between = target.Length - prefix - suffix;
            if (between <= Math.Max(64, target.Length / 16) || source.Length > MatchingLimit || target.Length > MatchingLimit
                || source.Length < MinMatch || target.Length < MinMatch)
                return Create(source.Length, target, prefix, suffix);
            // Only objects up to MatchingLimit get here: the one copy made of a source is small.
            _whole ??= source.ToArray();
            _windows ??= Windows(_whole);
            return Matching(_whole, target.ToArray(), _windows);
        }

        private static Dictionary<ulong, int> Windows(ReadOnlySpan<byte> source)
        {
            var windows = new Dictionary<ulong, int>(source.Length);
            for (var i = source.Length - MinMatch; i >= 0; i--) windows[System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(source[i..])] = i;
            return windows;
        }

        private static byte[] Matching(ReadOnlySpan<byte> source, ReadOnlySpan<byte> target, Dictionary<ulong, int> windows)
        {
            using var delta = new MemoryStream(64 + target.Length / 4);
            WriteSize(delta, source.Length);
            WriteSize(delta, target.Length);
            var pending = 0; // where the bytes to insert start
            var at = 0;
            while (at <= target.Length - MinMatch)
            {
                if (!windows.TryGetValue(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(target[at..]), out var from))
                {
                    at++;
                    continue;
                }
                // Back over bytes not yet copied, then on as far as both agree.
                var start = at;
                while (start > pending && from > 0 && source[from - 1] == target[start - 1])
                {
                    start--;
                    from--;
                }
                var length = (at - start) + source[(from + (at - start))..].CommonPrefixLength(target[at..]);
                Insert(delta, target[pending..start]);
                Copy(delta, from, length);
                at = pending = start + length;
            }
            Insert(delta, target[pending..]);
            return delta.ToArray();
        }
    }

    /// <summary>Objects up to this size get <see cref="DeltaSource"/>'s search; larger ones are the append-mostly kind, where prefix and suffix say it all.</summary>
    private const int MatchingLimit = 64 * 1024;

    /// <summary>A copy shorter than this costs about what inserting its bytes does.</summary>
    private const int MinMatch = 8;

    /// <summary>Applies a delta (the decoder libgit2 uses on the reading side, here for checks and tests).</summary>
    public static byte[] Apply(in ObjectBytes source, ReadOnlySpan<byte> delta)
    {
        var at = 0;
        var sourceSize = ReadSize(delta, ref at);
        if (sourceSize != source.Length) throw new InvalidDataException($"delta expects a base of {sourceSize} bytes, not {source.Length}");
        var target = new byte[ReadSize(delta, ref at)];
        var written = 0;
        while (at < delta.Length)
        {
            var op = delta[at++];
            if ((op & 0x80) != 0)
            {
                long offset = 0, size = 0;
                for (var i = 0; i < 4; i++) if ((op & (1 << i)) != 0) offset |= (long)delta[at++] << (8 * i);
                for (var i = 0; i < 3; i++) if ((op & (0x10 << i)) != 0) size |= (long)delta[at++] << (8 * i);
                if (size == 0) size = 0x10000;
                if (offset + size > source.Length) throw new InvalidDataException("a delta copies from beyond its base");
                source.CopyTo((int)offset, target.AsSpan(written, (int)size));
                written += (int)size;
            }
            else if (op != 0)
            {
                delta.Slice(at, op).CopyTo(target.AsSpan(written));
                at += op;
                written += op;
            }
            else throw new InvalidDataException("delta has a zero instruction");
        }
        if (written != target.Length) throw new InvalidDataException("delta made fewer bytes than it announced");
        return target;
    }

    private static void Copy(MemoryStream delta, long offset, long length)
    {
        Span<byte> operands = stackalloc byte[7];
        while (length > 0)
        {
            var size = (int)Math.Min(length, MaxCopy);
            var op = 0x80;
            var n = 0;
            for (var i = 0; i < 4; i++)
            {
                var b = (byte)(offset >> (8 * i));
                if (b == 0) continue;
                op |= 1 << i;
                operands[n++] = b;
            }
            for (var i = 0; i < 3; i++)
            {
                var b = (byte)(size >> (8 * i));
                if (b == 0) continue;
                op |= 0x10 << i;
                operands[n++] = b;
            }
            delta.WriteByte((byte)op);
            delta.Write(operands[..n]);
            offset += size;
            length -= size;
        }
    }

    private static void Insert(MemoryStream delta, ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            var n = Math.Min(bytes.Length, MaxInsert);
            delta.WriteByte((byte)n);
            delta.Write(bytes[..n]);
            bytes = bytes[n..];
        }
    }

    /// <summary>Little-endian base-128, as the delta header's two sizes are written.</summary>
    private static void WriteSize(MemoryStream delta, long size)
    {
        do
        {
            var b = (byte)(size & 0x7F);
            size >>= 7;
            delta.WriteByte(size > 0 ? (byte)(b | 0x80) : b);
        } while (size > 0);
    }

    private static int ReadSize(ReadOnlySpan<byte> delta, ref int at)
    {
        long size = 0;
        var shift = 0;
        byte b;
        do
        {
            b = delta[at++];
            size |= (long)(b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return checked((int)size);
    }
}
