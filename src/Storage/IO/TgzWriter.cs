using System.Formats.Tar;
using System.IO.Compression;

namespace Saver.Storage.IO;

/// <summary>Writes a folder as a gzipped tar (a .tgz) to a stream.</summary>
public static class TgzWriter
{
    private const UnixFileMode FilePermissions =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode FolderPermissions = FilePermissions |
        UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>
    /// Writes <paramref name="folder"/> and everything in it, under the name
    /// <paramref name="rootName"/>, to <paramref name="destination"/> (left open).
    /// Entries are in ordinal path order, owned by nobody in particular (uid and gid 0, no
    /// names), with modes 644 and 755 and the time <paramref name="modified"/>, so the bytes
    /// depend only on the folder's contents and that time. Names are stored in PAX headers,
    /// so long and non-ASCII paths survive. Only files and folders are written; links are left out.
    /// </summary>
    public static async Task WriteAsync(string folder, string rootName, Stream destination, DateTimeOffset modified,
        CancellationToken cancellationToken = default)
    {
        await using var gzip = new GZipStream(destination, CompressionLevel.Optimal, leaveOpen: true);
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            await WriteFolderAsync(tar, folder, rootName, modified, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteFolderAsync(TarWriter tar, string folder, string name, DateTimeOffset modified,
        CancellationToken cancellationToken)
    {
        await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, name + "/") { Mode = FolderPermissions, ModificationTime = modified },
            cancellationToken).ConfigureAwait(false);
        var children = new DirectoryInfo(folder).EnumerateFileSystemInfos().OrderBy(child => child.Name, StringComparer.Ordinal);
        foreach (var child in children)
        {
            var childName = name + "/" + child.Name;
            if (child.LinkTarget is not null) continue;
            if (child is DirectoryInfo)
            {
                await WriteFolderAsync(tar, child.FullName, childName, modified, cancellationToken).ConfigureAwait(false);
                continue;
            }
            await using var content = new FileStream(child.FullName, FileMode.Open, FileAccess.Read, FileShare.Read,
                bufferSize: 81920, useAsync: true);
            var entry = new PaxTarEntry(TarEntryType.RegularFile, childName)
            {
                Mode = FilePermissions,
                ModificationTime = modified,
                DataStream = content,
            };
            await tar.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }
    }
}
