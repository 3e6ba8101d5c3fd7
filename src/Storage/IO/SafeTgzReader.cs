using System.IO.Compression;

namespace Saver.Storage.IO;

/// <summary>A member of a tar: a regular file and its bytes, or a folder (no bytes).</summary>
/// <param name="Name">The relative path, without a leading "./" or, for a folder, a trailing "/".</param>
public sealed record TarMember(string Name, bool IsFolder, byte[] Content);

/// <summary>How much a tgz from outside may unpack to.</summary>
/// <param name="MaxUnpackedBytes">The most bytes the tar may have once unzipped, its headers included.</param>
/// <param name="MaxMembers">The most members (files, folders, pax global headers) it may hold.</param>
public sealed record TgzLimits(long MaxUnpackedBytes, int MaxMembers);

/// <summary>
/// Reads a gzip'd tar sent by someone else into memory, unzipping it as it is read, and
/// refuses (with <see cref="BadRequestException"/>) anything but plain files and folders at
/// plain relative paths: links, devices, absolute or ".." paths, a name given twice, and
/// archives past the limits. A leading "./" (as <c>tar czf x.tgz -C dir .</c> writes) is
/// dropped and the "./" folder itself skipped.
/// </summary>
public static class SafeTgzReader
{
    public static async Task<IReadOnlyList<TarMember>> ReadAsync(Stream tgz, TgzLimits limits, CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(tgz, CompressionMode.Decompress, leaveOpen: true);
        var tar = new BoundedTarReader(new GzipFormatGuard(gzip), limits.MaxUnpackedBytes);
        var members = new List<TarMember>();
        var kinds = new Dictionary<string, bool>(StringComparer.Ordinal);
        var count = 0;
        while (await tar.NextAsync(cancellationToken).ConfigureAwait(false) is { } entry)
        {
            if (++count > limits.MaxMembers) throw new BadRequestException($"body has more than {limits.MaxMembers} tar members");
            if (entry.TypeFlag == 'g') continue;
            var isFolder = entry.TypeFlag == '5';
            if (!isFolder && entry.TypeFlag is not ('0' or '\0' or '7'))
                throw new BadRequestException($"tar member {Quote(entry.Name)} is {Describe(entry.TypeFlag)}: only files and folders are allowed");
            var name = Normalise(entry.Name, isFolder);
            if (name.Length == 0) continue;
            if (kinds.TryGetValue(name, out var wasFolder) && !(wasFolder && isFolder))
                throw new BadRequestException($"tar member {Quote(name)} appears twice");
            kinds[name] = isFolder;
            members.Add(new TarMember(name, isFolder, entry.Content));
        }
        return members;
    }

    /// <summary>The member's path without "./" in front (or "/" behind, for a folder); "" for the archive's own root.</summary>
    private static string Normalise(string raw, bool isFolder)
    {
        if (raw.StartsWith('/')) throw new BadRequestException($"tar member {Quote(raw)} has an absolute path");
        var name = raw.StartsWith("./", StringComparison.Ordinal) ? raw[2..] : raw;
        if (isFolder) name = name.TrimEnd('/');
        if (name is "" or ".") return "";
        foreach (var c in name)
            if (c < ' ' || c == '\\' || c == '\u007f')
                throw new BadRequestException($"tar member {Quote(raw)} has a control character or backslash in its path");
        if (name.Split('/').Any(segment => segment is "" or "." or ".."))
            throw new BadRequestException($"tar member {Quote(raw)} has an empty, '.' or '..' part in its path");
        return name;
    }

    private static string Describe(char typeFlag) => typeFlag switch
    {
        '1' => "a hard link",
        '2' => "a symbolic link",
        '3' => "a character device",
        '4' => "a block device",
        '6' => "a fifo",
        'S' => "a sparse file",
        _ => $"of type '{typeFlag}'",
    };

    private static string Quote(string name) => System.Text.Json.JsonSerializer.Serialize(name);

    /// <summary>Tells "this is not gzip at all" apart from a tar that is malformed inside a good gzip.</summary>
    private sealed class GzipFormatGuard(GZipStream gzip) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return gzip.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw NotGzip(e);
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await gzip.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException e)
            {
                throw NotGzip(e);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private static BadRequestException NotGzip(InvalidDataException e) => new($"body is not gzip: {e.Message}");

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
