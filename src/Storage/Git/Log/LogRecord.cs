using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using LibGit2Sharp;

namespace Saver.Storage.Git.Log;

/// <summary>What a record of a repository's log does (docs/storage-layout.md).</summary>
public enum LogRecordKind : byte
{
    /// <summary>The start of a generation: every ref, and the pack blobs that hold every object up to here.</summary>
    Base = (byte)'B',

    /// <summary>One write: the refs it moved, and a pack of its new objects (thin: deltas against what came before).</summary>
    Change = (byte)'C',

    /// <summary>The end of a generation: the log goes on in the next one, whose base it names.</summary>
    Seal = (byte)'S',
}

/// <summary>A ref as a log holds it: its full name, and the object it points at.</summary>
public readonly record struct LogRef(string Name, ObjectId Target);

/// <summary>A pack held in a blob of its own (written once, never changed): its name, beside the logs, and size.</summary>
public readonly record struct PackBlobRef(string Name, long Length);

/// <summary>
/// One record of a repository log. Framed as <c>"SR" kind u32:length body check</c>, where
/// check is the first 8 bytes of SHA-256 over the previous record's check, the kind and the
/// body: a chain, so the last 8 bytes a reader holds vouch for everything before them, and a
/// reader catching up asks for its last 8 bytes again with the rest (see <see cref="LogReader"/>).
/// </summary>
public sealed record LogRecord(LogRecordKind Kind, IReadOnlyList<LogRef> Refs, ReadOnlyMemory<byte> InlinePack,
    IReadOnlyList<PackBlobRef> PackBlobs, string? NextLog = null, long CoveredLength = 0)
{
    public const int CheckLength = 8;
    private const int FrameHeaderLength = 7;

    public static LogRecord Change(IReadOnlyList<LogRef> refs, ReadOnlyMemory<byte> pack) => new(LogRecordKind.Change, refs, pack, []);

    /// <summary>A change whose pack is too large for one block, stored in a pack blob instead.</summary>
    public static LogRecord ChangeInBlob(IReadOnlyList<LogRef> refs, PackBlobRef pack) => new(LogRecordKind.Change, refs, ReadOnlyMemory<byte>.Empty, [pack]);

    public static LogRecord Base(IReadOnlyList<LogRef> refs, IReadOnlyList<PackBlobRef> packs) => new(LogRecordKind.Base, refs, ReadOnlyMemory<byte>.Empty, packs);

    /// <param name="coveredLength">How much of the sealed log the next one's base packs cover; its records after that are carried over.</param>
    public static LogRecord Seal(string nextLog, long coveredLength, IReadOnlyList<PackBlobRef> packs) =>
        new(LogRecordKind.Seal, [], ReadOnlyMemory<byte>.Empty, packs, nextLog, coveredLength);

    /// <summary>The framed record, chained to <paramref name="previousCheck"/> (empty for a log's first record).</summary>
    public byte[] Encode(ReadOnlySpan<byte> previousCheck)
    {
        var body = EncodeBody();
        var framed = new byte[FrameHeaderLength + body.Length + CheckLength];
        framed[0] = (byte)'S';
        framed[1] = (byte)'R';
        framed[2] = (byte)Kind;
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(3), (uint)body.Length);
        body.CopyTo(framed, FrameHeaderLength);
        Check(previousCheck, Kind, body).CopyTo(framed.AsSpan(FrameHeaderLength + body.Length));
        return framed;
    }

    /// <summary>
    /// Reads the record at the start of <paramref name="data"/>; returns it, the bytes it took,
    /// and its check. Throws <see cref="InvalidDataException"/> for a record that is not whole,
    /// or whose check does not follow from <paramref name="previousCheck"/>.
    /// </summary>
    public static (LogRecord Record, int Length, byte[] Check) Decode(ReadOnlySpan<byte> data, ReadOnlySpan<byte> previousCheck)
    {
        if (data.Length < FrameHeaderLength || data[0] != 'S' || data[1] != 'R')
            throw new InvalidDataException("not a repository log record");
        var kind = (LogRecordKind)data[2];
        var bodyLength = (int)BinaryPrimitives.ReadUInt32BigEndian(data[3..]);
        var length = FrameHeaderLength + bodyLength + CheckLength;
        if (data.Length < length) throw new InvalidDataException("a repository log record is cut short");
        var body = data.Slice(FrameHeaderLength, bodyLength);
        var check = Check(previousCheck, kind, body);
        if (!data.Slice(FrameHeaderLength + bodyLength, CheckLength).SequenceEqual(check))
            throw new InvalidDataException("a repository log record does not follow the one before it");
        return (DecodeBody(kind, body), length, check);
    }

    private static byte[] Check(ReadOnlySpan<byte> previousCheck, LogRecordKind kind, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(previousCheck);
        hash.AppendData([(byte)kind]);
        hash.AppendData(body);
        return hash.GetHashAndReset()[..CheckLength];
    }

    private byte[] EncodeBody()
    {
        using var body = new MemoryStream(64 + Refs.Count * 40 + InlinePack.Length);
        using var writer = new BinaryWriter(body, Encoding.UTF8);
        switch (Kind)
        {
            case LogRecordKind.Base:
                WriteRefs(writer, Refs);
                WritePackBlobs(writer, PackBlobs);
                break;
            case LogRecordKind.Change:
                WriteRefs(writer, Refs);
                if (PackBlobs.Count == 0)
                {
                    writer.Write((byte)0);
                    WriteUInt32(writer, (uint)InlinePack.Length);
                    writer.Write(InlinePack.Span);
                }
                else
                {
                    writer.Write((byte)1);
                    WritePackBlobs(writer, PackBlobs);
                }
                break;
            case LogRecordKind.Seal:
                WriteString(writer, NextLog!);
                WriteUInt64(writer, (ulong)CoveredLength);
                WritePackBlobs(writer, PackBlobs);
                break;
        }
        writer.Flush();
        return body.ToArray();
    }

    private static LogRecord DecodeBody(LogRecordKind kind, ReadOnlySpan<byte> body)
    {
        var reader = new SpanReader(body);
        var record = kind switch
        {
            LogRecordKind.Base => Base(reader.Refs(), reader.PackBlobs()),
            LogRecordKind.Change => ReadChange(ref reader),
            LogRecordKind.Seal => ReadSeal(ref reader),
            _ => throw new InvalidDataException($"unknown repository log record kind {(byte)kind}"),
        };
        if (!reader.AtEnd) throw new InvalidDataException($"a repository log record of kind {kind} has bytes left over");
        return record;

        static LogRecord ReadChange(ref SpanReader reader)
        {
            var refs = reader.Refs();
            return reader.Byte() == 0
                ? Change(refs, reader.Bytes(checked((int)reader.UInt32())).ToArray())
                : ChangeInBlob(refs, reader.PackBlobs().Single());
        }

        static LogRecord ReadSeal(ref SpanReader reader)
        {
            var next = reader.String();
            var covered = (long)reader.UInt64();
            return Seal(next, covered, reader.PackBlobs());
        }
    }

    private static void WriteRefs(BinaryWriter writer, IReadOnlyList<LogRef> refs)
    {
        WriteUInt32(writer, (uint)refs.Count);
        foreach (var (name, target) in refs)
        {
            WriteString(writer, name);
            writer.Write(target.RawId);
        }
    }

    private static void WritePackBlobs(BinaryWriter writer, IReadOnlyList<PackBlobRef> packs)
    {
        WriteUInt16(writer, (ushort)packs.Count);
        foreach (var (name, length) in packs)
        {
            WriteString(writer, name);
            WriteUInt64(writer, (ulong)length);
        }
    }

    private static void WriteString(BinaryWriter writer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        WriteUInt16(writer, checked((ushort)bytes.Length));
        writer.Write(bytes);
    }

    private static void WriteUInt16(BinaryWriter writer, ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, value);
        writer.Write(b);
    }

    private static void WriteUInt32(BinaryWriter writer, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        writer.Write(b);
    }

    private static void WriteUInt64(BinaryWriter writer, ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, value);
        writer.Write(b);
    }

    /// <summary>Reads a body field by field, big-endian, failing on a body cut short.</summary>
    private ref struct SpanReader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _data = data;

        public readonly bool AtEnd => _data.IsEmpty;

        public ReadOnlySpan<byte> Bytes(int count)
        {
            if (count > _data.Length) throw new InvalidDataException("a repository log record is cut short");
            var bytes = _data[..count];
            _data = _data[count..];
            return bytes;
        }

        public byte Byte() => Bytes(1)[0];

        public ushort UInt16() => BinaryPrimitives.ReadUInt16BigEndian(Bytes(2));

        public uint UInt32() => BinaryPrimitives.ReadUInt32BigEndian(Bytes(4));

        public ulong UInt64() => BinaryPrimitives.ReadUInt64BigEndian(Bytes(8));

        public string String() => Encoding.UTF8.GetString(Bytes(UInt16()));

        public List<LogRef> Refs()
        {
            var count = UInt32();
            var refs = new List<LogRef>((int)Math.Min(count, 100_000));
            for (var i = 0; i < count; i++) refs.Add(new LogRef(String(), new ObjectId(Bytes(20).ToArray())));
            return refs;
        }

        public List<PackBlobRef> PackBlobs()
        {
            var count = UInt16();
            var packs = new List<PackBlobRef>(count);
            for (var i = 0; i < count; i++) packs.Add(new PackBlobRef(String(), (long)UInt64()));
            return packs;
        }
    }
}
