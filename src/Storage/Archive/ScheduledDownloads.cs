using Microsoft.Extensions.Logging;
using Saver.Storage.Blobs;
using Saver.Storage.Katas;

namespace Saver.Storage.Archive;

/// <summary>
/// Scheduled downloads: archives the kata_download tgz of every format-2 kata changed since
/// the last completed run, once per state of each kata.
/// <list type="bullet">
/// <item>One run at a time: a run holds the lease on the progress blob; an invocation that
/// cannot have it at once does nothing.</item>
/// <item>Changed: the kata's <c>repository.tar</c>, as the listing shows it, was modified at or
/// after the moment the last completed run began (by the store's clock). Other katas are not
/// downloaded at all.</item>
/// <item>Once per state: an archive is named by the kata's head commit and created only if
/// absent, so a resumed run, or two runs that somehow overlap, never write a state twice.</item>
/// <item>Resumable: after every archive, and at the end of every listing page, the run records
/// where its listing is; a run that stops (a crash, its time limit) is resumed there by the next.</item>
/// </list>
/// Katas in formats 0 and 1 have no repository, hence no download: they are counted and skipped.
/// </summary>
public sealed class ScheduledDownloads(
    IBlobStore katas, DownloadArchive archive, KataDownload downloads, ScheduledDownloadsOptions options,
    TimeProvider time, ILogger<ScheduledDownloads> logger)
{
    /// <summary>Runs (or resumes) the run, for as long as its time limit allows.</summary>
    /// <exception cref="ScheduledDownloadsException">The run stopped on a failure; the next one resumes where it got to.</exception>
    public async Task<ScheduledDownloadsReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var report = new ScheduledDownloadsReport(logger);
        try
        {
            await EnsureProgressBlobAsync(cancellationToken).ConfigureAwait(false);
            BlobLease lease;
            try
            {
                lease = await BlobLease.AcquireAsync(archive.Blobs, DownloadArchive.ProgressBlobName,
                    new BlobLeaseOptions { Duration = options.LeaseDuration, WaitTimeout = TimeSpan.Zero }, time, logger,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (BlobLeaseTimeoutException)
            {
                report.Busy = true;
                report.Info($"another run holds the lease on {DownloadArchive.ProgressBlobName}; this one did nothing");
                return report;
            }
            await using (lease.ConfigureAwait(false))
            {
                using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.LostToken);
                try
                {
                    var run = new ScheduledDownloadRun(katas, archive, downloads, options, time, lease, report);
                    await run.ExecuteAsync(work.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (lease.IsLost && !cancellationToken.IsCancellationRequested)
                {
                    throw new SaverException($"lost the lease on {DownloadArchive.ProgressBlobName}; another run may have taken over", e);
                }
                await lease.ReleaseAsync(cancellationToken).ConfigureAwait(false);
            }
            return report;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            report.Error($"stopped: {e.Message}; the next run resumes from the last checkpoint", e);
            throw new ScheduledDownloadsException($"scheduled downloads stopped: {e.Message}", report, e);
        }
    }

    /// <summary>A lease needs a blob: the first run ever makes an empty progress blob.</summary>
    private async Task EnsureProgressBlobAsync(CancellationToken cancellationToken)
    {
        if (await archive.Blobs.GetPropertiesAsync(DownloadArchive.ProgressBlobName, cancellationToken).ConfigureAwait(false) is not null)
            return;
        try
        {
            await archive.Blobs.PutAsync(DownloadArchive.ProgressBlobName, ReadOnlyMemory<byte>.Empty, BlobConditions.CreateOnly,
                cancellationToken).ConfigureAwait(false);
        }
        catch (BlobStoreException e) when (e is BlobConditionFailedException or BlobLeaseException)
        {
            // Another run made it first.
        }
    }
}
