namespace Saver.Storage.Blobs;

/// <summary>
/// Someone else held a blob's lease for longer than the acquirer was willing to wait
/// (409 LeaseAlreadyPresent, the answer the last attempt got).
/// </summary>
public sealed class BlobLeaseTimeoutException(string blobName, TimeSpan waited, Exception? inner = null)
    : BlobStoreException(409, BlobErrorCode.LeaseAlreadyPresent,
        $"gave up after waiting {waited.TotalSeconds:0.###} s for the lease on blob {blobName}, which someone else holds", inner)
{
    public string BlobName { get; } = blobName;
    public TimeSpan Waited { get; } = waited;
}
