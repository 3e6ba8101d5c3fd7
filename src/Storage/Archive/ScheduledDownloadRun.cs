using System.Globalization;
using System.Text.Json;
using LibGit2Sharp;
using Saver.Storage.Blobs;
using Saver.Storage.Ids;
using Saver.Storage.Katas;

namespace Saver.Storage.Archive;

/// <summary>
/// One invocation's work under the progress blob's lease: begin a run or resume the one under
/// way, go through the kata listing from its checkpoint, archive each changed kata, and record
/// the checkpoint as it goes. Every write of the progress carries the lease and the ETag last
/// written, so an invocation that lost the lease cannot move anyone's checkpoint.
/// </summary>
internal sealed class ScheduledDownloadRun(
    IBlobStore katas, DownloadArchive archive, KataDownload downloads, ScheduledDownloadsOptions options,
    TimeProvider time, BlobLease lease, ScheduledDownloadsReport report)
{
    private const string KatasFolder = "katas/";

    private readonly long _startedAt = time.GetTimestamp();
    private ScheduledDownloadsProgress _progress = new();
    private ETag _progressETag;

    private enum Outcome { Archived, AlreadyArchived, Failed }

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        await ReadProgressAsync(cancellationToken).ConfigureAwait(false);
        var run = _progress.Current is { Started: not null } current
            ? Resumed(current)
            : await BeginAsync(cancellationToken).ConfigureAwait(false);
        var since = run.Since;
        var page = run.Page;
        var after = run.After;
        var counts = run.Counts;

        while (true)
        {
            var listing = await katas.ListPageAsync(KatasFolder, page, options.ListPageSize, cancellationToken).ConfigureAwait(false);
            // A kata's repository is marked by its log (the newest of its logs, which sort together,
            // says when it last changed), or, in the single-blob form, by that blob.
            (EntityId Id, string Name, DateTimeOffset LastModified)? pending = null;
            foreach (var blob in listing.Items.Append(null))
            {
                if (blob is not null && after is not null && string.CompareOrdinal(blob.Name, after) <= 0) continue;
                if (blob is not null && IsLog(blob.Name, out var logOf) && pending is { } same && same.Id == logOf)
                {
                    pending = (logOf, blob.Name, blob.LastModified);
                    continue;
                }
                if (pending is { } marker)
                {
                    pending = null;
                    if (await VisitAsync(marker.Id, marker.Name, marker.LastModified).ConfigureAwait(false)) return;
                }
                if (blob is null) break;
                if (IsOldFormatKata(blob.Name))
                {
                    Count(counts, c => c.OldFormat++);
                    continue;
                }
                if (IsLog(blob.Name, out var id)) pending = (id, blob.Name, blob.LastModified);
                else if (IsSingleBlob(blob.Name, out id) && await VisitAsync(id, blob.Name, blob.LastModified).ConfigureAwait(false)) return;
            }

            if (listing.ContinuationToken is null)
            {
                await CompleteAsync(run with { Counts = counts }, cancellationToken).ConfigureAwait(false);
                return;
            }
            page = listing.ContinuationToken;
            after = null;
            await CheckpointAsync(run with { Page = page, After = null, Counts = counts }, cancellationToken).ConfigureAwait(false);
            if (OutOfTime())
            {
                Paused(null);
                return;
            }
        }

        // One kata, marked by a blob of its repository: archived when it changed since the last
        // run; true when the run is out of time and has paused (after checkpointing).
        async Task<bool> VisitAsync(EntityId id, string markerName, DateTimeOffset lastModified)
        {
            if (since is { } s && lastModified < s)
            {
                Count(counts, c => c.Unchanged++);
                return false;
            }
            var outcome = await ArchiveAsync(id, cancellationToken).ConfigureAwait(false);
            Count(counts, outcome switch
            {
                Outcome.Archived => c => c.Archived++,
                Outcome.AlreadyArchived => c => c.AlreadyArchived++,
                _ => c => c.Failed++,
            });
            after = markerName;
            var outOfTime = OutOfTime();
            if (outcome == Outcome.Archived || outOfTime)
                await CheckpointAsync(run with { Page = page, After = after, Counts = counts }, cancellationToken).ConfigureAwait(false);
            if (!outOfTime) return false;
            Paused(after);
            return true;
        }
    }

    /// <summary>Archives the kata's current state unless it is archived already.</summary>
    private async Task<Outcome> ArchiveAsync(EntityId id, CancellationToken cancellationToken)
    {
        try
        {
            using var kata = await downloads.OpenAsync(id.Value, cancellationToken).ConfigureAwait(false);
            var name = DownloadArchive.BlobName(kata);
            var state = kata.Head[..12];
            if (await archive.Blobs.GetPropertiesAsync(name, cancellationToken).ConfigureAwait(false) is not null)
            {
                report.Info($"kata {id} at {state} is archived already");
                return Outcome.AlreadyArchived;
            }
            using var tgz = new MemoryStream();
            await downloads.WriteTgzAsync(kata, LocalDay(kata.HeadTime), tgz, cancellationToken).ConfigureAwait(false);
            try
            {
                await archive.Blobs.PutAsync(name, tgz.GetBuffer().AsMemory(0, (int)tgz.Length), BlobConditions.CreateOnly,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (BlobConditionFailedException e) when (e.ErrorCode == BlobErrorCode.BlobAlreadyExists)
            {
                report.Info($"kata {id} at {state} was archived meanwhile by another run");
                return Outcome.AlreadyArchived;
            }
            report.Info($"archived kata {id} at {state} as {name} ({tgz.Length} bytes)");
            return Outcome.Archived;
        }
        catch (Exception e) when (e is InvalidDataException or LibGit2SharpException or SaverException)
        {
            // This kata's repository cannot be read: stopping here would stop every later kata
            // too, run after run. It is tried again once it changes.
            report.Warn($"kata {id} could not be archived: {e.Message}", e);
            return Outcome.Failed;
        }
    }

    private async Task ReadProgressAsync(CancellationToken cancellationToken)
    {
        var blob = await archive.Blobs.GetAsync(DownloadArchive.ProgressBlobName, cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new SaverException($"{DownloadArchive.ProgressBlobName} vanished while leased");
        _progressETag = blob.Properties.ETag;
        try
        {
            _progress = ScheduledDownloadsProgress.Parse(blob.Content.Span);
        }
        catch (JsonException e)
        {
            // Starting over costs time but loses nothing: states archived before are not archived again.
            report.Warn($"{DownloadArchive.ProgressBlobName} is not a progress record ({e.Message}); starting a run over every kata", e);
            _progress = new ScheduledDownloadsProgress();
        }
    }

    private CurrentRun Resumed(CurrentRun run)
    {
        report.Info($"resuming the run begun at {Show(run.Started)}, for katas changed since {Show(run.Since)}" +
                    (run.After is null ? "" : $", after {run.After}"));
        return run;
    }

    /// <summary>
    /// Records a new run, then takes its start from the store's clock (the progress blob's
    /// Last-Modified), which is the clock that stamps the katas it is compared with.
    /// </summary>
    private async Task<CurrentRun> BeginAsync(CancellationToken cancellationToken)
    {
        var since = _progress.Current is { } unstarted ? unstarted.Since : _progress.LastCompleted?.Started;
        var run = new CurrentRun(null, since, null, null, new DownloadCounts());
        await SaveAsync(_progress with { Current = run }, cancellationToken).ConfigureAwait(false);
        var properties = await archive.Blobs.GetPropertiesAsync(DownloadArchive.ProgressBlobName, cancellationToken).ConfigureAwait(false)
            ?? throw new SaverException($"{DownloadArchive.ProgressBlobName} vanished while leased");
        run = run with { Started = properties.LastModified };
        await SaveAsync(_progress with { Current = run }, cancellationToken).ConfigureAwait(false);
        report.Info(since is null
            ? $"a new run begun at {Show(run.Started)}, for every kata (no run has completed before)"
            : $"a new run begun at {Show(run.Started)}, for katas changed since {Show(since)}");
        return run;
    }

    private Task CheckpointAsync(CurrentRun run, CancellationToken cancellationToken) =>
        SaveAsync(_progress with { Current = run }, cancellationToken);

    private async Task CompleteAsync(CurrentRun run, CancellationToken cancellationToken)
    {
        var completed = new CompletedRun(run.Started!.Value, time.GetUtcNow(), run.Counts);
        await SaveAsync(new ScheduledDownloadsProgress { LastCompleted = completed }, cancellationToken).ConfigureAwait(false);
        report.Completed = true;
        report.Info($"the run begun at {Show(run.Started)} is complete: {run.Counts}");
    }

    private void Paused(string? after) =>
        report.Info($"stopped after {time.GetElapsedTime(_startedAt).TotalSeconds:F0} s, the time limit, " +
                    (after is null ? "at a page of the listing" : $"after {after}") + "; " +
                    $"the next run resumes there ({report.Counts} in this one)");

    private async Task SaveAsync(ScheduledDownloadsProgress progress, CancellationToken cancellationToken)
    {
        _progressETag = await archive.Blobs.PutAsync(DownloadArchive.ProgressBlobName, progress.ToBytes(),
            BlobConditions.Matching(_progressETag, lease.LeaseId), cancellationToken).ConfigureAwait(false);
        _progress = progress;
    }

    private bool OutOfTime() => time.GetElapsedTime(_startedAt) >= options.MaxRunTime;

    /// <summary>Counts in the run's totals (kept in the progress) and in this invocation's report.</summary>
    private void Count(DownloadCounts runCounts, Action<DownloadCounts> count)
    {
        count(runCounts);
        count(report.Counts);
    }

    private DateOnly LocalDay(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, time.LocalTimeZone).DateTime);

    private static string Show(DateTimeOffset? instant) =>
        instant?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "the beginning";

    /// <summary><c>katas/Ab/Cd/Ef/repository.tar</c>: a format-2 kata in the single-blob form.</summary>
    private static bool IsSingleBlob(string name, out EntityId id) =>
        TryKataFile(name, KataLayout.RepositoryBlob, out id);

    /// <summary><c>katas/Ab/Cd/Ef/repository/log.000001</c>: a log of a format-2 kata.</summary>
    private static bool IsLog(string name, out EntityId id)
    {
        id = default;
        var parts = name.Split('/');
        return parts.Length == 6 && parts[4] == "repository" && parts[5].StartsWith("log.", StringComparison.Ordinal) &&
               parts[1].Length == 2 && parts[2].Length == 2 && parts[3].Length == 2 && EntityId.TryParse(parts[1] + parts[2] + parts[3], out id);
    }

    /// <summary><c>katas/Ab/Cd/Ef/events.json</c>, a file only formats 0 and 1 keep beside their manifest.</summary>
    private static bool IsOldFormatKata(string name) => TryKataFile(name, "events.json", out _);

    private static bool TryKataFile(string name, string file, out EntityId id)
    {
        id = default;
        var parts = name.Split('/');
        return parts.Length == 5 && parts[4] == file && parts[1].Length == 2 && parts[2].Length == 2 && parts[3].Length == 2 &&
               EntityId.TryParse(parts[1] + parts[2] + parts[3], out id);
    }
}
