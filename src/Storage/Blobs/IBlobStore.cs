namespace Saver.Storage.Blobs;

/// <summary>
/// The one storage abstraction Saver writes through. It has exactly the semantics of
/// Azure Blob Storage block blobs that Saver relies on (whole-blob put/get, ETags,
/// conditional writes, 15–60 s leases), so that every implementation can be held to one
/// contract test suite. Names are '/'-separated, case-sensitive, and never start with '/'.
/// </summary>
/// <remarks>
/// Failures are <see cref="BlobStoreException"/>s carrying the HTTP status and the Azure
/// error code (see <see cref="BlobErrorCode"/>), whichever implementation raised them.
/// </remarks>
public interface IBlobStore
{
    /// <summary>
    /// Reads a whole blob. Returns null when it does not exist. With
    /// <paramref name="ifNoneMatch"/> equal to the blob's current ETag, returns a result
    /// whose <see cref="BlobDownload.NotModified"/> is true and whose content is empty
    /// (Azure's 304), so a caller holding a cached copy skips the transfer.
    /// </summary>
    Task<BlobDownload?> GetAsync(string name, ETag? ifNoneMatch = null, CancellationToken cancellationToken = default);

    /// <summary>The blob's properties, or null when it does not exist.</summary>
    Task<BlobProperties?> GetPropertiesAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates or replaces a whole blob atomically and returns its new ETag. Readers see the
    /// old content or the new, never a mix.
    /// <list type="bullet">
    /// <item><c>conditions.IfNoneMatch = ETag.All</c>: create only; an existing blob fails
    /// with 409 <c>BlobAlreadyExists</c>.</item>
    /// <item><c>conditions.IfMatch = e</c>: replace only if the current ETag is e; otherwise
    /// 412 <c>ConditionNotMet</c>, also when the blob does not exist (no blob has ETag e).</item>
    /// <item>A blob under an active lease can only be written with its lease id
    /// (<c>conditions.LeaseId</c>): no id gives 412 <c>LeaseIdMissing</c>, a wrong id 412
    /// <c>LeaseIdMismatchWithBlobOperation</c>. A lease id on a blob with no active lease
    /// gives 412 <c>LeaseNotPresentWithBlobOperation</c>. Replacing a blob keeps its lease.</item>
    /// </list>
    /// </summary>
    Task<ETag> PutAsync(string name, ReadOnlyMemory<byte> content, BlobConditions? conditions = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates an empty append blob (replacing any blob of that name unless
    /// <c>conditions.IfNoneMatch = ETag.All</c> makes it create-only: then 409
    /// <c>BlobAlreadyExists</c>) and returns its ETag. Its blocks are added by <see cref="AppendAsync"/>.
    /// </summary>
    Task<ETag> CreateAppendBlobAsync(string name, BlobConditions? conditions = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds one block at the end of an append blob, atomically: readers see the blob without
    /// it or with all of it. <c>conditions.AppendPosition</c> makes it a compare-and-append:
    /// the blob must be exactly that long, else 412 <c>AppendPositionConditionNotMet</c> and
    /// nothing is added. A leased blob needs its lease id as a put does (412
    /// <c>LeaseIdMissing</c>). 404 <c>BlobNotFound</c> for no blob; 409 <c>InvalidBlobType</c>
    /// for a block blob. Returns where the block landed and the blob's new ETag.
    /// </summary>
    Task<AppendResult> AppendAsync(string name, ReadOnlyMemory<byte> block, AppendConditions? conditions = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The blob's bytes from <paramref name="offset"/> to its end: empty when the offset is at
    /// or past the end (where Azure answers 416 and Azurite an empty 200); null when there is
    /// no such blob. One ranged GET: a reader holding the first bytes fetches only the rest.
    /// </summary>
    Task<BlobRange?> GetRangeAsync(string name, long offset, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a blob; returns false when it did not exist. Honours IfMatch and LeaseId as
    /// <see cref="PutAsync"/> does (a leased blob needs its lease id).
    /// </summary>
    Task<bool> DeleteAsync(string name, BlobConditions? conditions = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of the blobs whose names start with <paramref name="prefix"/>, in ordinal
    /// name order, at most <paramref name="pageSizeHint"/> items (1..5000). Pass the
    /// returned <see cref="BlobPage.ContinuationToken"/> back for the next page; null means
    /// there are no more.
    /// </summary>
    Task<BlobPage> ListPageAsync(string prefix, string? continuationToken = null, int pageSizeHint = 5000, CancellationToken cancellationToken = default);

    /// <summary>
    /// Acquires a lease of 15..60 seconds on an existing blob and returns its id (the
    /// proposed id if given). 404 <c>BlobNotFound</c> if there is no blob; 409
    /// <c>LeaseAlreadyPresent</c> if another lease is active (acquiring again with the
    /// active lease's own id succeeds and restarts its duration, as Azure does). An expired
    /// or broken lease can be acquired by anyone.
    /// </summary>
    Task<string> AcquireLeaseAsync(string name, TimeSpan duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Restarts the lease's duration. Works on an expired lease if nobody else acquired
    /// the blob since. Otherwise 409 <c>LeaseIdMismatchWithLeaseOperation</c>.
    /// </summary>
    Task RenewLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default);

    /// <summary>Ends the lease now. A wrong id gives 409 <c>LeaseIdMismatchWithLeaseOperation</c>.</summary>
    Task ReleaseLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Breaks whoever holds the lease, without knowing its id: with a zero break period the
    /// blob is free at once; otherwise it stays locked for at most that period. Returns the
    /// time left before it can be acquired. 409 <c>LeaseNotPresentWithLeaseOperation</c>
    /// when there is no lease.
    /// </summary>
    Task<TimeSpan> BreakLeaseAsync(string name, TimeSpan breakPeriod, CancellationToken cancellationToken = default);
}

/// <summary>Conditions on a write. All null means unconditional.</summary>
public sealed record BlobConditions(ETag? IfMatch = null, ETag? IfNoneMatch = null, string? LeaseId = null)
{
    public static BlobConditions CreateOnly { get; } = new(IfNoneMatch: ETag.All);
    public static BlobConditions Matching(ETag etag, string? leaseId = null) => new(IfMatch: etag, LeaseId: leaseId);
    public static BlobConditions WithLease(string leaseId) => new(LeaseId: leaseId);
}

/// <summary>Conditions on an append. All null means unconditional.</summary>
/// <param name="AppendPosition">The length the blob must have for the block to be added.</param>
/// <param name="LeaseId">The lease of a leased blob.</param>
public sealed record AppendConditions(long? AppendPosition = null, string? LeaseId = null);

/// <summary>Where an appended block landed, and the blob after it.</summary>
public readonly record struct AppendResult(ETag ETag, long Offset, long Length);

/// <summary>
/// Part of a blob: its bytes from <see cref="Offset"/> on, as they were when read, and the
/// blob's ETag then (null when the store did not say: Azure's 416 for an offset at the end).
/// </summary>
public sealed record BlobRange(long Offset, ReadOnlyMemory<byte> Content, ETag? ETag);

/// <summary>An opaque version tag. Compared by value; <see cref="All"/> is the wildcard '*'.</summary>
public readonly record struct ETag(string Value)
{
    public static ETag All { get; } = new("*");
    public override string ToString() => Value;
}

public enum LeaseState { Available, Leased, Expired, Breaking, Broken }

public sealed record BlobProperties(string Name, long Length, ETag ETag, DateTimeOffset LastModified, LeaseState LeaseState);

public sealed record BlobDownload(BlobProperties Properties, ReadOnlyMemory<byte> Content, bool NotModified = false);

public sealed record BlobItem(string Name, long Length, ETag ETag, DateTimeOffset LastModified);

public sealed record BlobPage(IReadOnlyList<BlobItem> Items, string? ContinuationToken);
