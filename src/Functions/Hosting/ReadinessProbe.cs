using Saver.Storage.Blobs;

namespace Saver.Functions.Hosting;

/// <summary>ready? is true when the blob store answers, so a load balancer does not send work to an instance that cannot save it.</summary>
public sealed class ReadinessProbe(IBlobStore blobs, ILogger<ReadinessProbe> logger)
{
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await blobs.ListPageAsync("probe/", null, 1, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is BlobStoreException or HttpRequestException or IOException)
        {
            logger.LogWarning(e, "Not ready: the blob store did not answer");
            return false;
        }
    }
}
