using System.Formats.Tar;
using System.IO.Compression;

namespace Saver.Storage.IO;

/// <summary>
/// Writes a gzipped tar the way <c>git archive --format=tar.gz</c> does: a PAX global header
/// whose <c>comment</c> is the commit id (what <c>git get-tar-commit-id</c> reads), then
/// directories and files owned by root/root, with modes 775 and 664 (git's default
/// <c>tar.umask</c> of 002) and one modification time for every member. Members are written
/// one at a time as they are given, so nothing but the current file is held in memory.
/// </summary>
public sealed class GitStyleTarWriter : IAsyncDisposable
{
    private const UnixFileMode FileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead;

    private const UnixFileMode DirectoryMode = FileMode |
        UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly GZipStream _gzip;
    private readonly TarWriter _tar;
    private readonly DateTimeOffset _modified;

    private GitStyleTarWriter(Stream destination, DateTimeOffset modified)
    {
        _gzip = new GZipStream(destination, CompressionLevel.Optimal, leaveOpen: true);
        _tar = new TarWriter(_gzip, TarEntryFormat.Pax, leaveOpen: true);
        _modified = modified;
    }

    /// <summary>
    /// Starts an archive on <paramref name="destination"/> (left open when this is disposed).
    /// </summary>
    /// <param name="modified">Every member's time: git uses the commit's.</param>
    /// <param name="commitId">The commit archived, written as git does in the global header; null for none.</param>
    public static async Task<GitStyleTarWriter> StartAsync(Stream destination, DateTimeOffset modified, string? commitId,
        CancellationToken cancellationToken)
    {
        var writer = new GitStyleTarWriter(destination, modified);
        if (commitId is not null)
            await writer._tar.WriteEntryAsync(
                new PaxGlobalExtendedAttributesTarEntry(new Dictionary<string, string> { ["comment"] = commitId }),
                cancellationToken).ConfigureAwait(false);
        return writer;
    }

    /// <summary>A directory member; <paramref name="path"/> ends with '/'.</summary>
    public Task WriteDirectoryAsync(string path, CancellationToken cancellationToken) =>
        _tar.WriteEntryAsync(Owned(new PaxTarEntry(TarEntryType.Directory, path) { Mode = DirectoryMode }), cancellationToken);

    /// <summary>A file member with the content of <paramref name="content"/>, which must be seekable (its length is the size).</summary>
    public Task WriteFileAsync(string path, Stream content, CancellationToken cancellationToken) =>
        _tar.WriteEntryAsync(Owned(new PaxTarEntry(TarEntryType.RegularFile, path) { Mode = FileMode, DataStream = content }),
            cancellationToken);

    public async Task WriteFileAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await using var stream = new MemoryStream(content.ToArray(), writable: false);
        await WriteFileAsync(path, stream, cancellationToken).ConfigureAwait(false);
    }

    private PaxTarEntry Owned(PaxTarEntry entry)
    {
        entry.ModificationTime = _modified;
        entry.UserName = "root";
        entry.GroupName = "root";
        return entry;
    }

    /// <summary>Ends the tar and the gzip stream; the destination stays open.</summary>
    public async ValueTask DisposeAsync()
    {
        await _tar.DisposeAsync().ConfigureAwait(false);
        await _gzip.DisposeAsync().ConfigureAwait(false);
    }
}
