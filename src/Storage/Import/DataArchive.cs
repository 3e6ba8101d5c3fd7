using System.Formats.Tar;
using System.IO.Compression;

namespace Saver.Storage.Import;

/// <summary>
/// Extracts a tar archive (gzip-compressed or not) of a data folder, such as the original's
/// test archives, treating it as hostile: only plain files and folders are accepted, every
/// member must land inside the target folder, and the archive may expand only so far.
/// Anything else refuses the whole archive before any of it is imported.
/// </summary>
public static class DataArchive
{
    private static readonly byte[] GzipMagic = [0x1f, 0x8b];

    /// <summary>Unpacks <paramref name="archivePath"/> into the empty folder <paramref name="folder"/>.</summary>
    /// <param name="isWanted">
    /// Whether a member (by its path's segments) is worth writing to disk; every member is
    /// checked against the rules all the same. Null: all are.
    /// </param>
    /// <exception cref="ImportException">The archive is not one, or breaks a rule.</exception>
    public static void Extract(string archivePath, string folder, ImportOptions limits,
        Func<IReadOnlyList<string>, bool>? isWanted = null, CancellationToken cancellationToken = default)
    {
        var root = Path.GetFullPath(folder);
        Directory.CreateDirectory(root);
        try
        {
            using var file = File.OpenRead(archivePath);
            using var decompressed = IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            using var bounded = new BoundedReadStream(decompressed, limits.MaxArchiveBytes);
            using var tar = new TarReader(bounded);
            var entries = 0;
            while (tar.GetNextEntry() is { } entry)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (++entries > limits.MaxArchiveEntries)
                    throw Refused(archivePath, $"it has more than {limits.MaxArchiveEntries} members");
                ExtractEntry(archivePath, entry, root, limits, isWanted);
            }
        }
        catch (BoundedReadStream.LimitExceededException)
        {
            throw Refused(archivePath, $"it expands to more than {limits.MaxArchiveBytes} bytes");
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw Refused(archivePath, "it is not a valid tar or .tgz archive (" + e.Message + ")", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImportException($"cannot extract {archivePath}: {e.Message}", e);
        }
    }

    private static void ExtractEntry(string archivePath, TarEntry entry, string root, ImportOptions limits,
        Func<IReadOnlyList<string>, bool>? isWanted)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.GlobalExtendedAttributes:
                return; // metadata for the members that follow; nothing to extract
            case TarEntryType.Directory:
                var (folder, folderSegments) = TargetPath(archivePath, entry.Name, root, limits);
                if (isWanted?.Invoke(folderSegments) == false) return;
                if (File.Exists(folder)) throw Refused(archivePath, $"member '{entry.Name}' is both a file and a folder");
                Directory.CreateDirectory(folder);
                return;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                var (target, segments) = TargetPath(archivePath, entry.Name, root, limits);
                if (isWanted?.Invoke(segments) == false) return;
                if (Directory.Exists(target)) throw Refused(archivePath, $"member '{entry.Name}' is both a file and a folder");
                if (File.Exists(target)) throw Refused(archivePath, $"member '{entry.Name}' appears twice");
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
                    entry.DataStream?.CopyTo(output);
                return;
            case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                throw Refused(archivePath, $"member '{entry.Name}' is a link (to '{entry.LinkName}'); links are refused");
            default:
                throw Refused(archivePath, $"member '{entry.Name}' is a {entry.EntryType}; only files and folders are accepted");
        }
    }

    /// <summary>Where a member goes: inside <paramref name="root"/>, or the archive is refused.</summary>
    private static (string Path, string[] Segments) TargetPath(string archivePath, string name, string root, ImportOptions limits)
    {
        if (name.Length == 0 || name.Contains('\0') || name.Contains('\\'))
            throw Refused(archivePath, $"member '{name}' has an unacceptable name");
        if (name.StartsWith('/'))
            throw Refused(archivePath, $"member '{name}' has an absolute path");
        var segments = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (segments.Contains(".."))
            throw Refused(archivePath, $"member '{name}' leads out of the archive's folder");
        if (segments.Length > limits.MaxArchiveDepth)
            throw Refused(archivePath, $"member '{name}' is more than {limits.MaxArchiveDepth} folders deep");
        var target = Path.GetFullPath(Path.Combine([root, .. segments]));
        // Belt and braces: no name that passed the rules above can resolve elsewhere, and nothing
        // extracted here is a link, but the check costs nothing.
        if (target != root && !target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw Refused(archivePath, $"member '{name}' leads out of the archive's folder");
        return (target, segments);
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> head = stackalloc byte[2];
        var read = file.ReadAtLeast(head, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && head.SequenceEqual(GzipMagic);
    }

    private static ImportException Refused(string archivePath, string why, Exception? inner = null) =>
        new($"refused archive {archivePath}: {why}", inner);
}
