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
    public static byte[] Create(ReadOnlySpan<byte> source, ReadOnlySpan<byte> target)
    {
        var prefix = source.CommonPrefixLength(target);
        var suffixRoom = Math.Min(source.Length, target.Length) - prefix;
        var suffix = 0;
        while (suffix < suffixRoom && source[source.Length - 1 - suffix] == target[target.Length - 1 - suffix]) suffix++;

        using var delta = new MemoryStream(32 + target.Length - prefix - suffix + (target.Length - prefix - suffix) / MaxInsert);
        WriteSize(delta, source.Length);
        WriteSize(delta, target.Length);
        Copy(delta, 0, prefix);
        Insert(delta, target[prefix..(target.Length - suffix)]);
        Copy(delta, source.Length - suffix, suffix);
        return delta.ToArray();
    }

    /// <summary>Applies a delta (the decoder libgit2 uses on the reading side, here for checks and tests).</summary>
    public static byte[] Apply(ReadOnlySpan<byte> source, ReadOnlySpan<byte> delta)
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
                source.Slice((int)offset, (int)size).CopyTo(target.AsSpan(written));
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
