using System.Formats.Tar;
using System.IO.Compression;
using Microsoft.Extensions.Logging.Abstractions;
using Saver.Storage.Blobs;
using Saver.Storage.Import;

namespace Saver.Tests.Infrastructure;

/// <summary>
/// The original's almost-full groups of formats 0 and 1 (../shared/fixtures/saver-data/*.tgz)
/// loaded whole, katas and groups, as the plain-file import loads a data folder.
/// </summary>
public static class OldFormatArchives
{
    private const string Root = "cyber-dojo/";

    public static async Task<int> LoadAsync(IBlobStore blobs, string archive)
    {
        using var folder = new TempDirectory("archive");
        await using (var file = File.OpenRead(Path.Combine(RepositoryRoot.SharedFixtures, archive)))
        await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        await using (var tar = new TarReader(gzip))
        {
            while (await tar.GetNextEntryAsync() is { } entry)
            {
                var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
                if (!name.StartsWith(Root, StringComparison.Ordinal)) continue;
                var relative = name[Root.Length..].TrimEnd('/');
                if (relative.Length == 0) continue;
                if (relative.Split('/').Any(segment => segment is "" or "." or ".."))
                    throw new InvalidDataException($"{archive} has an entry outside its folder: {entry.Name}");
                var target = Path.Combine(folder.Path, relative);
                if (entry.EntryType == TarEntryType.Directory)
                {
                    Directory.CreateDirectory(target);
                }
                else if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    // Copied rather than extracted, so the archive's read-only modes do not stop the clean-up.
                    await using var copy = File.Create(target);
                    await data.CopyToAsync(copy);
                }
            }
        }
        return await new DataFolderImporter(blobs, NullLogger<DataFolderImporter>.Instance).ImportFilesAsync(folder.Path);
    }
}
