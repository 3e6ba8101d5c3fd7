using Microsoft.Extensions.Logging;
using Saver.Storage.Blobs;

namespace Saver.Storage.Import;

/// <summary>
/// Loads a data folder of the original saver (one holding <c>katas/</c>, <c>groups/</c> and
/// <c>clusters/</c>, as under its <c>/cyber-dojo</c>) into the blob store, keeping every
/// file at the same relative path (see docs/storage-layout.md). Blobs are created only when
/// absent, so importing again changes nothing and never overwrites what was written since.
/// </summary>
public sealed class DataFolderImporter(IBlobStore blobs, ILogger<DataFolderImporter> logger)
{
    public static readonly string[] TopFolders = ["katas", "groups", "clusters"];

    /// <summary>Imports the files under <paramref name="root"/>; returns how many blobs were created.</summary>
    public async Task<int> ImportFilesAsync(string root, CancellationToken cancellationToken = default)
    {
        var created = 0;
        foreach (var top in TopFolders)
        {
            var folder = Path.Combine(root, top);
            if (!Directory.Exists(folder)) continue;
            foreach (var (blobName, path) in Entries(root, folder))
            {
                var content = path is null ? [] : await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
                if (await CreateIfAbsentAsync(blobName, content, cancellationToken).ConfigureAwait(false)) created++;
            }
        }
        logger.LogInformation("Imported {Count} new blobs from {Root}", created, root);
        return created;
    }

    /// <summary>Every file as (blob name, path), and every empty folder as (folder/.dir, null).</summary>
    private static IEnumerable<(string BlobName, string? Path)> Entries(string root, string folder)
    {
        var any = false;
        foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            any = true;
            yield return (Relative(root, file), file);
        }
        foreach (var sub in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
        {
            any = true;
            foreach (var entry in Entries(root, sub)) yield return entry;
        }
        if (!any) yield return (Relative(root, folder) + "/.dir", null);
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    private async Task<bool> CreateIfAbsentAsync(string blobName, byte[] content, CancellationToken cancellationToken)
    {
        try
        {
            await blobs.PutAsync(blobName, content, BlobConditions.CreateOnly, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (BlobConditionFailedException e) when (e.ErrorCode == BlobErrorCode.BlobAlreadyExists)
        {
            return false;
        }
    }
}
