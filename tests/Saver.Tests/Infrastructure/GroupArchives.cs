using System.Formats.Tar;
using System.IO.Compression;
using Microsoft.Extensions.Logging.Abstractions;
using Saver.Storage.Blobs;
using Saver.Storage.Import;

namespace Saver.Tests.Infrastructure;

/// <summary>
/// The original's almost-full groups (../shared/fixtures/saver-data/*.tgz, archives of its
/// /cyber-dojo disk): 63 of 64 avatars taken.
/// </summary>
public static class GroupArchives
{
    public const string Format0 = "almost_full_group.v0.AWCQdE.tgz";
    public const string Format1 = "almost_full_group.v1.X9UunP.tgz";
    public const string Format2 = "almost_full_group.v2.U8Tt6y.tgz";

    private const string Root = "cyber-dojo/";

    /// <summary>
    /// Loads the groups/ folder of an archive into the store, as the plain-file import does.
    /// Its katas are left out: those of format 2 are git repositories, which only the
    /// converting importer may bring in.
    /// </summary>
    public static Task<int> LoadGroupsAsync(IBlobStore blobs, string archive) => LoadAsync(blobs, archive, "groups/");

    /// <summary>Loads a format 0 or 1 archive whole, katas and groups, as the plain-file import loads a data folder.</summary>
    public static Task<int> LoadOldFormatAsync(IBlobStore blobs, string archive) => LoadAsync(blobs, archive, "");

    private static async Task<int> LoadAsync(IBlobStore blobs, string archive, string under)
    {
        using var folder = new TempDirectory("archive");
        await using (var file = File.OpenRead(Path.Combine(RepositoryRoot.SharedFixtures, archive)))
        await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        await using (var tar = new TarReader(gzip))
        {
            while (await tar.GetNextEntryAsync() is { } entry)
            {
                var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
                if (!name.StartsWith(Root + under, StringComparison.Ordinal)) continue;
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
