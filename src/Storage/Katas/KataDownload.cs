using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Saver.Storage.Git;
using Saver.Storage.Ids;
using Saver.Storage.IO;
using Saver.Storage.Json;

namespace Saver.Storage.Katas;

/// <summary>
/// kata_download (spec §3.4): a format-2 kata as a .tgz whose one folder,
/// <c>cyber-dojo-Y-M-D-&lt;id&gt;</c>, is a clone of its repository (every commit and tag,
/// branch main checked out, no remote) that the user can unpack and carry on with in git.
/// Katas in format 0 or 1 have no repository to copy, and are refused.
/// </summary>
public sealed class KataDownload(
    Format2Katas format2, KataService katas, RepositorySnapshotCache cache, TimeProvider time, ILogger<KataDownload> logger)
{
    /// <summary>kata_download's answer: <c>[file name, the tgz as Ruby's Base64.encode64 writes it]</c>, named after today (see <see cref="KataDownloadName"/>).</summary>
    public async Task<JsonArray> EncodedAsync(string id, CancellationToken cancellationToken = default)
    {
        var day = KataDownloadName.Today(time);
        using var tgz = new MemoryStream();
        await WriteTgzAsync(id, day, tgz, cancellationToken).ConfigureAwait(false);
        return new JsonArray(KataDownloadName.File(id, day), RubyBase64.Encode64(tgz.GetBuffer().AsSpan(0, (int)tgz.Length)));
    }

    /// <summary>
    /// Writes the kata's tgz, its folder named after <paramref name="day"/>, to
    /// <paramref name="destination"/> (left open). The kata is read, and its clone made,
    /// before the first byte is written: an unknown id or an old format raises with nothing written.
    /// </summary>
    /// <exception cref="UnknownIdException">No such kata.</exception>
    /// <exception cref="SaverException">A kata in format 0 or 1.</exception>
    public async Task WriteTgzAsync(string id, DateOnly day, Stream destination, CancellationToken cancellationToken = default)
    {
        var (kataId, snapshot) = await OpenAsync(id, cancellationToken).ConfigureAwait(false);
        using var _ = snapshot;
        var folderName = KataDownloadName.Folder(kataId.Value, day);
        var work = Path.Combine(cache.WorkRoot, "download-" + Guid.NewGuid().ToString("N"));
        try
        {
            var clone = Path.Combine(work, folderName);
            RepositoryClone.Write(snapshot, clone, KataGit.UserFor(kataId));
            await TgzWriter.WriteAsync(clone, folderName, destination, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            DeleteFolder(work);
        }
    }

    private async Task<(EntityId Id, RepositorySnapshot Snapshot)> OpenAsync(string id, CancellationToken cancellationToken)
    {
        if (EntityId.TryParse(id, out var kataId) &&
            await format2.OpenAsync(kataId, cancellationToken).ConfigureAwait(false) is { } snapshot)
            return (kataId, snapshot);
        // No repository: KataService raises for an unknown id (or a format-2 kata that lost
        // its repository); otherwise the kata is in an old format.
        var manifest = await katas.ManifestAsync(id, cancellationToken).ConfigureAwait(false);
        throw new SaverException($"Kata_v{SaverJson.Compact(manifest["version"])}: download not supported");
    }

    private void DeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not delete the download folder {Folder}", folder);
        }
    }
}
