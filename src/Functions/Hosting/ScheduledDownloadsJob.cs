using Saver.Storage.Archive;

namespace Saver.Functions.Hosting;

/// <summary>
/// One run of the scheduled downloads, however it was started: the Functions timer, the
/// standalone <see cref="ScheduledDownloadsScheduler"/>, or scheduled_downloads_run.
/// </summary>
public sealed class ScheduledDownloadsJob(BlobStoreFactory stores, ScheduledDownloads downloads)
{
    public const string FunctionName = "ScheduledDownloads";

    /// <summary>Runs the scheduled downloads once (the archive's container made first if need be).</summary>
    /// <exception cref="ScheduledDownloadsException">The run stopped on a failure; the next one resumes where it got to.</exception>
    public async Task<ScheduledDownloadsReport> RunAsync(CancellationToken cancellationToken)
    {
        await stores.EnsureArchiveContainerAsync(cancellationToken);
        return await downloads.RunAsync(cancellationToken);
    }
}
