using Saver.Storage.Blobs;

namespace Saver.Functions.Hosting;

/// <summary>
/// Clears a local-directory store of the data files a crash left that no blob names
/// (<see cref="LocalDirectoryBlobStore.RemoveOrphanedDataFiles"/>): once soon after start, then
/// daily. It reads every blob's header, so it runs in the background, off every request; on
/// other stores it does nothing.
/// </summary>
public sealed class LocalStoreSweeper(BlobStoreFactory stores, TimeProvider time, ILogger<LocalStoreSweeper> logger) : BackgroundService
{
    /// <summary>Lets the host finish starting and the first requests through before the first sweep.</summary>
    public static readonly TimeSpan FirstSweepAfter = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan Period = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(FirstSweepAfter, time, stoppingToken);
            while (true)
            {
                if (!TrySweep(stoppingToken)) return;
                await Task.Delay(Period, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One sweep; false when the store is not a local one (there is nothing to sweep, ever).</summary>
    private bool TrySweep(CancellationToken stoppingToken)
    {
        try
        {
            if (stores.Store is not LocalDirectoryBlobStore store) return false;
            var removed = store.RemoveOrphanedDataFiles(stoppingToken);
            if (removed > 0) logger.LogInformation("Removed {Count} data file(s) no blob names from {Folder}", removed, store.RootPath);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Garbage left for the next sweep is harmless; the service goes on.
            logger.LogWarning(e, "Sweeping the local store for data files no blob names failed");
        }
        return true;
    }
}
