using Microsoft.Extensions.Logging;

namespace Saver.Storage.Blobs;

/// <summary>What a <see cref="BlobLease"/> tells the log.</summary>
internal static partial class BlobLeaseLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Lease on {BlobName} is held by someone else; trying again in {DelayMs} ms")]
    public static partial void WaitingForLease(ILogger logger, string blobName, double delayMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Acquired lease {LeaseId} on {BlobName}")]
    public static partial void Acquired(ILogger logger, string blobName, string leaseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up waiting {WaitedMs} ms for the lease on {BlobName}")]
    public static partial void GaveUp(ILogger logger, string blobName, double waitedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew lease {LeaseId} on {BlobName}; trying again")]
    public static partial void RenewFailed(ILogger logger, Exception exception, string blobName, string leaseId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lost lease {LeaseId} on {BlobName}: its holder must stop writing")]
    public static partial void Lost(ILogger logger, Exception exception, string blobName, string leaseId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Released lease {LeaseId} on {BlobName}")]
    public static partial void Released(ILogger logger, string blobName, string leaseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release lease {LeaseId} on {BlobName}; it ends by itself when its duration runs out")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception, string blobName, string leaseId);
}
