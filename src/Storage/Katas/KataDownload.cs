using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Saver.Storage.Git;
using Saver.Storage.Ids;
using Saver.Storage.IO;
using Saver.Storage.Json;

namespace Saver.Storage.Katas;

/// <summary>
/// kata_download (docs/api.md §3.4): a format-2 kata as a .tgz whose one folder,
/// <c>cyber-dojo-Y-M-D-&lt;id&gt;</c>, is a clone of its repository (every commit and tag,
/// branch main checked out, no remote) that the user can unpack and carry on with in git.
/// Katas in format 0 or 1 have no repository to copy, and are refused.
/// </summary>
public sealed class KataDownload(
    Format2Katas format2, KataService katas, RepositoryCache cache, TimeProvider time, ILogger<KataDownload> logger)
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
        using var kata = await OpenAsync(id, cancellationToken).ConfigureAwait(false);
        await WriteTgzAsync(kata, day, destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens a kata for download: checks that it exists and has a repository, and holds the
    /// repository as it is now, so the name and the content of the download agree.
    /// </summary>
    /// <exception cref="UnknownIdException">No such kata.</exception>
    /// <exception cref="SaverException">A kata in format 0 or 1.</exception>
    public async Task<DownloadableKata> OpenAsync(string id, CancellationToken cancellationToken = default)
    {
        if (EntityId.TryParse(id, out var kataId) &&
            await format2.OpenAsync(kataId, cancellationToken).ConfigureAwait(false) is { } snapshot)
        {
            try
            {
                var exercise = format2.Manifest(snapshot)["exercise"] is JsonValue v && v.TryGetValue<string>(out var e) && e.Length > 0
                    ? e
                    : null;
                using var repo = snapshot.Open();
                var head = snapshot.Head(repo);
                return new DownloadableKata(kataId, snapshot, exercise, head.Sha, head.Committer.When);
            }
            catch
            {
                snapshot.Dispose();
                throw;
            }
        }
        // No repository: KataService raises for an unknown id (or a format-2 kata that lost
        // its repository); otherwise the kata is in an old format.
        var manifest = await katas.ManifestAsync(id, cancellationToken).ConfigureAwait(false);
        throw new SaverException($"Kata_v{SaverJson.Compact(manifest["version"])}: download not supported");
    }

    /// <summary>
    /// Writes an opened kata's tgz, its folder named after <paramref name="day"/>, to
    /// <paramref name="destination"/> (left open). The clone is made on disk first, so a
    /// failure to make it writes nothing; then the files are streamed into the tgz one by one.
    /// </summary>
    public async Task WriteTgzAsync(DownloadableKata kata, DateOnly day, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kata);
        var folderName = KataDownloadName.Folder(kata.Id.Value, day);
        var work = Path.Combine(cache.WorkRoot, "download-" + Guid.NewGuid().ToString("N"));
        try
        {
            var clone = Path.Combine(work, folderName);
            RepositoryClone.Write(kata.Snapshot, clone, KataGit.UserFor(kata.Id));
            await TgzWriter.WriteAsync(clone, folderName, destination, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            DeleteFolder(work);
        }
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
