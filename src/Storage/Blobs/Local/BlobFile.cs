using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Saver.Storage.Blobs.Local;

/// <summary>
/// A blob on disk: one header line, then the content byte for byte.
/// <code>saver-blob 1 "0x…etag…" 1732363200000\n&lt;content&gt;</code>
/// An append blob's header is a file of its own, naming the data file its bytes are appended
/// to and how many of them it holds:
/// <code>saver-blob 2 "0x…etag…" 1732363200000 append 5120 0f3c…9a.data\n</code>
/// (an append blob written before format 2 has <c>append</c> at the end of a format 1 header,
/// its bytes after it, and moves to format 2 at its next append).
/// The ETag and time travel in the same file as the content or its length, so the one rename
/// that publishes a new version publishes all of it: no reader can pair new bytes with an old
/// ETag. A blob file is only ever written under a temporary name and never changed in place;
/// a data file only ever grows past the length its header gives, and what lies past it (an
/// append that crashed before its header was renamed into place) is never read.
/// </summary>
internal static class BlobFile
{
    private const string Magic = "saver-blob";
    private const int FormatVersion = 1;
    private const int AppendFormatVersion = 2;
    private const int MaxHeaderBytes = 256;
    private const string AppendWord = "append";

    /// <summary>Writes a format 2 append blob file (its header only), flushed to the disk, at a path nobody else uses.</summary>
    public static async Task WriteAppendHeaderAsync(string path, ETag etag, DateTimeOffset lastModified, long length, string dataFile,
        CancellationToken cancellationToken)
    {
        var header = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{Magic} {AppendFormatVersion} {etag.Value} {lastModified.ToUnixTimeMilliseconds()} {AppendWord} {length} {dataFile}\n"));
        using var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, header.Length);
        await RandomAccess.WriteAsync(file, header, 0, cancellationToken).ConfigureAwait(false);
        RandomAccess.FlushToDisk(file);
    }

    /// <summary>
    /// Writes <paramref name="block"/> into a data file at <paramref name="offset"/> (the length
    /// its blob's header gives, so nothing a reader may read is touched) and flushes it to the
    /// disk; creates the file when <paramref name="create"/>.
    /// </summary>
    public static async Task WriteDataAsync(string dataPath, long offset, ReadOnlyMemory<byte> block, bool create, CancellationToken cancellationToken)
    {
        using var file = File.OpenHandle(dataPath, create ? FileMode.CreateNew : FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        if (block.Length > 0) await RandomAccess.WriteAsync(file, block, offset, cancellationToken).ConfigureAwait(false);
        // An empty block writes nothing, yet the append that follows must still leave the data
        // file written since any sweep listed it (LocalDirectoryBlobStore.RemoveOrphanedDataFiles).
        else File.SetLastWriteTimeUtc(file, DateTime.UtcNow);
        RandomAccess.FlushToDisk(file);
    }

    /// <summary>Writes a complete blob file, flushed to the disk, at a path nobody else uses.</summary>
    public static async Task WriteNewAsync(string path, ETag etag, DateTimeOffset lastModified, ReadOnlyMemory<byte> content, CancellationToken cancellationToken,
        bool isAppendBlob = false, ReadOnlyMemory<byte> more = default)
    {
        var header = Encoding.UTF8.GetBytes(
            $"{Magic} {FormatVersion} {etag.Value} {lastModified.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}{(isAppendBlob ? " " + AppendWord : "")}\n");
        using var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, header.Length + content.Length + more.Length);
        await RandomAccess.WriteAsync(file, header, 0, cancellationToken).ConfigureAwait(false);
        await RandomAccess.WriteAsync(file, content, header.Length, cancellationToken).ConfigureAwait(false);
        if (more.Length > 0) await RandomAccess.WriteAsync(file, more, header.Length + content.Length, cancellationToken).ConfigureAwait(false);
        // Without this a crash soon after the rename could leave a renamed but empty file.
        RandomAccess.FlushToDisk(file);
    }

    /// <summary>The blob's version, or null when there is no such file.</summary>
    public static BlobVersion? ReadVersion(string path)
    {
        using var file = OpenForReading(path);
        return file is null ? null : ReadHeader(file, path).Version;
    }

    /// <summary>
    /// The blob's version and, unless <paramref name="skipContent"/> says it is not wanted,
    /// its content; null when there is no such file. Both come from one open handle, so
    /// they belong to the same version even if a writer renames a new one into place meanwhile.
    /// </summary>
    public static Task<(BlobVersion Version, byte[] Content)?> ReadAsync(string path, Func<BlobVersion, bool> skipContent, CancellationToken cancellationToken,
        Func<string, string>? dataPath = null) =>
        ReadAsync(path, skipContent, 0, cancellationToken, dataPath);

    /// <summary>
    /// As above, the content from <paramref name="offset"/> on (empty at or past the end).
    /// <paramref name="dataPath"/> finds an append blob's data file by its name; if that file
    /// is gone (the blob was replaced or deleted between the two opens), the blob is read again.
    /// </summary>
    public static async Task<(BlobVersion Version, byte[] Content)?> ReadAsync(string path, Func<BlobVersion, bool> skipContent, long offset,
        CancellationToken cancellationToken, Func<string, string>? dataPath = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var file = OpenForReading(path);
            if (file is null) return null;
            var (version, headerLength) = ReadHeader(file, path);
            if (skipContent(version) || offset >= version.Length) return (version, []);
            if (version.DataFile is null) return (version, await ReadContentAsync(file, path, headerLength + offset, version.Length - offset, cancellationToken).ConfigureAwait(false));
            var dataFile = dataPath?.Invoke(version.DataFile) ?? throw new InvalidOperationException($"{path} keeps its bytes in a data file, and no folder was given for them");
            using var data = OpenForReading(dataFile);
            if (data is null)
            {
                if (attempt < 8) continue;
                throw new InvalidDataException($"blob file {path} names data file {version.DataFile}, which is not there");
            }
            return (version, await ReadContentAsync(data, dataFile, offset, version.Length - offset, cancellationToken).ConfigureAwait(false));
        }
    }

    private static async Task<byte[]> ReadContentAsync(SafeFileHandle file, string path, long start, long length, CancellationToken cancellationToken)
    {
        var content = new byte[length];
        var read = 0;
        while (read < content.Length)
        {
            var n = await RandomAccess.ReadAsync(file, content.AsMemory(read), start + read, cancellationToken).ConfigureAwait(false);
            if (n == 0) throw new InvalidDataException($"blob file {path} ended early");
            read += n;
        }
        return content;
    }

    /// <remarks>
    /// Readers share everything, deletion included, so that a writer's rename or delete
    /// never waits for (or, on Windows, fails because of) a reader.
    /// </remarks>
    private static SafeFileHandle? OpenForReading(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
    }

    private static (BlobVersion Version, long ContentStart) ReadHeader(SafeFileHandle file, string path)
    {
        var length = RandomAccess.GetLength(file);
        Span<byte> buffer = stackalloc byte[MaxHeaderBytes];
        var read = RandomAccess.Read(file, buffer[..(int)Math.Min(MaxHeaderBytes, length)], 0);
        var end = buffer[..read].IndexOf((byte)'\n');
        if (end < 0) throw Corrupt(path);
        var fields = Encoding.UTF8.GetString(buffer[..end]).Split(' ');
        if (fields.Length == 7 && fields[0] == Magic && fields[1] == AppendFormatVersion.ToString(CultureInfo.InvariantCulture) && fields[4] == AppendWord
            && long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var appendMillis)
            && long.TryParse(fields[5], NumberStyles.None, CultureInfo.InvariantCulture, out var appendedLength)
            && fields[6].Length > 0 && !fields[6].Contains('/') && !fields[6].Contains('\\') && fields[6] is not ("." or ".."))
            return (new BlobVersion(new ETag(fields[2]), DateTimeOffset.FromUnixTimeMilliseconds(appendMillis), appendedLength, true, fields[6]), end + 1);
        var isAppendBlob = fields.Length == 5 && fields[4] == AppendWord;
        if ((fields.Length != 4 && !isAppendBlob) || fields[0] != Magic || fields[1] != FormatVersion.ToString(CultureInfo.InvariantCulture)
            || !long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var millis))
            throw Corrupt(path);
        var lastModified = DateTimeOffset.FromUnixTimeMilliseconds(millis);
        return (new BlobVersion(new ETag(fields[2]), lastModified, length - end - 1, isAppendBlob), end + 1);
    }

    private static InvalidDataException Corrupt(string path) => new($"{path} is not a saver blob file (format {FormatVersion} or {AppendFormatVersion})");
}
