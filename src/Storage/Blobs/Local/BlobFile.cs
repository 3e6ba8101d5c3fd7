using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Saver.Storage.Blobs.Local;

/// <summary>
/// A blob on disk: one header line, then the content byte for byte.
/// <code>saver-blob 1 "0x…etag…" 1732363200000\n&lt;content&gt;</code>
/// An append blob's header ends with the word <c>append</c>.
/// The ETag and time travel in the same file as the content, so the one rename that
/// publishes a new version publishes all of it: no reader can pair new bytes with an old
/// ETag. A file is only ever written under a temporary name and never changed in place.
/// </summary>
internal static class BlobFile
{
    private const string Magic = "saver-blob";
    private const int FormatVersion = 1;
    private const int MaxHeaderBytes = 256;
    private const string AppendWord = "append";

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
    public static Task<(BlobVersion Version, byte[] Content)?> ReadAsync(string path, Func<BlobVersion, bool> skipContent, CancellationToken cancellationToken) =>
        ReadAsync(path, skipContent, 0, cancellationToken);

    /// <summary>As above, the content from <paramref name="offset"/> on (empty at or past the end).</summary>
    public static async Task<(BlobVersion Version, byte[] Content)?> ReadAsync(string path, Func<BlobVersion, bool> skipContent, long offset,
        CancellationToken cancellationToken)
    {
        using var file = OpenForReading(path);
        if (file is null) return null;
        var (version, headerLength) = ReadHeader(file, path);
        if (skipContent(version) || offset >= version.Length) return (version, []);
        var contentStart = headerLength + offset;
        var content = new byte[version.Length - offset];
        var read = 0;
        while (read < content.Length)
        {
            var n = await RandomAccess.ReadAsync(file, content.AsMemory(read), contentStart + read, cancellationToken).ConfigureAwait(false);
            if (n == 0) throw new InvalidDataException($"blob file {path} ended early");
            read += n;
        }
        return (version, content);
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
        var isAppendBlob = fields.Length == 5 && fields[4] == AppendWord;
        if ((fields.Length != 4 && !isAppendBlob) || fields[0] != Magic || fields[1] != FormatVersion.ToString(CultureInfo.InvariantCulture)
            || !long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var millis))
            throw Corrupt(path);
        var lastModified = DateTimeOffset.FromUnixTimeMilliseconds(millis);
        return (new BlobVersion(new ETag(fields[2]), lastModified, length - end - 1, isAppendBlob), end + 1);
    }

    private static InvalidDataException Corrupt(string path) => new($"{path} is not a saver blob file (format {FormatVersion})");
}
