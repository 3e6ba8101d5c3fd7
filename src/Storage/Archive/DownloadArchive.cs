using System.Globalization;
using Saver.Storage.Blobs;
using Saver.Storage.Ids;
using Saver.Storage.Katas;

namespace Saver.Storage.Archive;

/// <summary>
/// The archive of downloads, a blob store of its own (another container, another folder): the
/// kata downloads <see cref="ScheduledDownloads"/> writes, and its progress. An archive is
/// named by its kata and by the state it holds (the head commit, and when that was made), so
/// a state can only ever be archived once: every archive is created only if absent.
/// </summary>
public sealed class DownloadArchive(IBlobStore blobs)
{
    /// <summary>Where the runs keep their progress; leased by the run at work.</summary>
    public const string ProgressBlobName = "scheduled-downloads/progress.json";

    public const string DownloadsFolder = "downloads/";

    public IBlobStore Blobs { get; } = blobs;

    /// <summary>
    /// <c>downloads/Ab/Cd/Ef/2026-03-07T10-15-30Z-&lt;head commit&gt;.tgz</c>: the kata, the time of
    /// its last change (UTC, so the names of one kata sort by time) and the commit that names the state.
    /// </summary>
    public static string BlobName(EntityId id, string head, DateTimeOffset headTime) =>
        DownloadsFolder + id.Value[..2] + "/" + id.Value[2..4] + "/" + id.Value[4..] + "/" +
        headTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH-mm-ss'Z'", CultureInfo.InvariantCulture) + "-" + head + ".tgz";

    public static string BlobName(DownloadableKata kata) => BlobName(kata.Id, kata.Head, kata.HeadTime);

    /// <summary>The archives of one kata.</summary>
    public static string Prefix(EntityId id) => DownloadsFolder + id.Value[..2] + "/" + id.Value[2..4] + "/" + id.Value[4..] + "/";
}
