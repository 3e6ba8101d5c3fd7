using System.Buffers.Binary;
using System.Text;

namespace Saver.Storage.IO;

/// <summary>A tar header as read: its full name (pax, GNU long name or ustar prefix applied), type flag and, for a file, its bytes.</summary>
public sealed record TarHeaderEntry(string Name, char TypeFlag, byte[] Content);

/// <summary>
/// Reads a tar (v7, ustar, pax or GNU) from a forward-only stream and never reads, or holds,
/// more than <c>maxBytes</c> of it: every size a header declares is checked against what is
/// left before a byte of it is read or allocated. System.Formats.Tar is not used for input
/// from outside because it allocates whatever a pax or GNU long-name header claims (2 GB from
/// a 1 KB body) before finding the data missing. Anything malformed is a
/// <see cref="BadRequestException"/> "body is not a tar: …"; so is a tar without its end marker,
/// since one cut at a member boundary would otherwise lose its later files without a word.
/// </summary>
public sealed class BoundedTarReader(Stream tar, long maxBytes)
{
    private const int Block = 512;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private long _position;

    /// <summary>The next member other than pax extended headers and GNU long names (which name it); null after the end marker.</summary>
    public async Task<TarHeaderEntry?> NextAsync(CancellationToken cancellationToken)
    {
        string? longName = null;
        string? paxPath = null;
        long? paxSize = null;
        while (true)
        {
            var header = await ReadAsync(Block, cancellationToken, atHeader: true).ConfigureAwait(false);
            if (!header.AsSpan().ContainsAnyExcept((byte)0)) return null;
            CheckChecksum(header);
            var type = (char)header[156];
            var size = paxSize ?? Number(header.AsSpan(124, 12), "size");
            var name = paxPath ?? longName ?? HeaderName(header);
            switch (type)
            {
                case 'x':
                    var attributes = PaxAttributes(await ReadDataAsync(size, cancellationToken).ConfigureAwait(false));
                    if (attributes.Keys.Any(k => k.StartsWith("GNU.sparse.", StringComparison.Ordinal)))
                        throw NotATar("sparse files are not supported");
                    if (attributes.TryGetValue("path", out var path)) paxPath = path;
                    if (attributes.TryGetValue("size", out var sizeText))
                        paxSize = long.TryParse(sizeText, out var s) && s >= 0 ? s : throw NotATar($"pax size {sizeText} is not a size");
                    continue;
                case 'L':
                    longName = Name(await ReadDataAsync(size, cancellationToken).ConfigureAwait(false));
                    continue;
                case 'K':
                    // A long link target: the link it belongs to is refused by its type.
                    await ReadDataAsync(size, cancellationToken).ConfigureAwait(false);
                    continue;
                case '0' or '\0' or '7':
                    return new TarHeaderEntry(name, name.EndsWith('/') && size == 0 ? '5' : type,
                        await ReadDataAsync(size, cancellationToken).ConfigureAwait(false));
                default:
                    // Folders, global headers and the types a caller refuses: their data, if any, is read past.
                    await ReadDataAsync(size, cancellationToken).ConfigureAwait(false);
                    return new TarHeaderEntry(name, type, []);
            }
        }
    }

    private async Task<byte[]> ReadDataAsync(long size, CancellationToken cancellationToken)
    {
        var padded = (size + Block - 1) / Block * Block;
        if (padded > maxBytes - _position || padded > Array.MaxLength) throw TooBig();
        var data = await ReadAsync((int)padded, cancellationToken).ConfigureAwait(false);
        return size == padded ? data : data[..(int)size];
    }

    private async Task<byte[]> ReadAsync(int count, CancellationToken cancellationToken, bool atHeader = false)
    {
        if (count > maxBytes - _position) throw TooBig();
        var buffer = new byte[count];
        var read = await tar.ReadAtLeastAsync(buffer, count, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        _position += read;
        if (read < count)
            throw NotATar(atHeader && read == 0 ? "it ends without its end-of-archive marker" : "it ends in the middle of a member");
        return buffer;
    }

    private BadRequestException TooBig() => new($"body unpacks to more than {maxBytes} bytes");

    private static BadRequestException NotATar(string why) => new($"body is not a tar: {why}");

    /// <summary>The checksum of a header: its bytes summed with the checksum field as spaces (unsigned, or signed as some old tars sum).</summary>
    private static void CheckChecksum(byte[] header)
    {
        var stored = Number(header.AsSpan(148, 8), "checksum");
        long unsigned = 0, signed = 0;
        for (var i = 0; i < Block; i++)
        {
            var b = i is >= 148 and < 156 ? (byte)' ' : header[i];
            unsigned += b;
            signed += (sbyte)b;
        }
        if (stored != unsigned && stored != signed) throw NotATar("a header's checksum is wrong");
    }

    /// <summary>A numeric field: octal text (spaces or NULs around it), or GNU's base-256 when the top bit is set.</summary>
    private static long Number(ReadOnlySpan<byte> field, string what)
    {
        if ((field[0] & 0x80) != 0)
        {
            if (field.Length != 12 || field[0] != 0x80 || field[1..^8].ContainsAnyExcept((byte)0))
                throw NotATar($"a header's {what} is out of range");
            var value = BinaryPrimitives.ReadInt64BigEndian(field[^8..]);
            return value >= 0 ? value : throw NotATar($"a header's {what} is out of range");
        }
        var text = field.Trim((byte)0).Trim((byte)' ').Trim((byte)0);
        long result = 0;
        foreach (var digit in text)
        {
            if (digit is < (byte)'0' or > (byte)'7' || result > long.MaxValue / 8) throw NotATar($"a header's {what} is not a number");
            result = result * 8 + (digit - '0');
        }
        return result;
    }

    /// <summary>The name fields: ustar's prefix and name joined (POSIX magic only; GNU keeps times there), else the name.</summary>
    private static string HeaderName(byte[] header)
    {
        var name = Name(header.AsSpan(0, 100));
        var posix = header.AsSpan(257, 6).SequenceEqual("ustar\0"u8);
        if (!posix) return name;
        var prefix = Name(header.AsSpan(345, 155));
        return prefix.Length == 0 ? name : prefix + "/" + name;
    }

    private static string Name(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        try
        {
            return StrictUtf8.GetString(end < 0 ? field : field[..end]);
        }
        catch (DecoderFallbackException)
        {
            throw NotATar("a member's name is not UTF-8");
        }
    }

    /// <summary>pax records, each "length key=value\n" with the length counting the whole record.</summary>
    private static Dictionary<string, string> PaxAttributes(ReadOnlySpan<byte> data)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        while (data.Length > 0 && data[0] != 0)
        {
            var space = data.IndexOf((byte)' ');
            if (space <= 0 || !int.TryParse(data[..space], out var length) || length <= space + 1 || length > data.Length || data[length - 1] != '\n')
                throw NotATar("a pax header is malformed");
            var record = data[(space + 1)..(length - 1)];
            var equals = record.IndexOf((byte)'=');
            if (equals <= 0) throw NotATar("a pax header is malformed");
            string key, value;
            try
            {
                key = StrictUtf8.GetString(record[..equals]);
                value = StrictUtf8.GetString(record[(equals + 1)..]);
            }
            catch (DecoderFallbackException)
            {
                throw NotATar("a pax header is not UTF-8");
            }
            attributes[key] = value;
            data = data[length..];
        }
        return attributes;
    }
}
