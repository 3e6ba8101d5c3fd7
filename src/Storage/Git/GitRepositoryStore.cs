using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using Saver.Storage.Blobs;
using Saver.Storage.Concurrency;

namespace Saver.Storage.Git;

/// <summary>
/// Git repositories kept one per blob (see <see cref="RepositoryArchive"/>).
/// <list type="bullet">
/// <item>Reads open the snapshot at the blob's current ETag; they take no lease, because a
/// blob is replaced atomically and a snapshot never changes under its reader.</item>
/// <item>A change holds the blob's lease (renewed while it works), builds on the snapshot in
/// a private workspace, and uploads with both the lease id and If-Match on the ETag it
/// started from. Until that upload succeeds nothing anyone can see has changed; once it has,
/// the change is complete. A crash at any point leaves the last committed state whole.</item>
/// </list>
/// </summary>
public sealed class GitRepositoryStore
{
    private readonly IBlobStore _blobs;
    private readonly RepositorySnapshotCache _cache;
    private readonly GitRepositoryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly KeyedAsyncLock _writers = new();

    public GitRepositoryStore(IBlobStore blobs, RepositorySnapshotCache cache, GitRepositoryOptions options,
        TimeProvider time, ILogger<GitRepositoryStore> logger)
    {
        _blobs = blobs;
        _cache = cache;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>The repository as its blob is now, or null when there is no such blob.</summary>
    /// <exception cref="InvalidDataException">The blob is not a repository archive.</exception>
    public async Task<RepositorySnapshot?> OpenAsync(string blobName, CancellationToken cancellationToken = default)
    {
        var cached = _cache.TryGet(blobName);
        BlobDownload? download;
        try
        {
            download = await _blobs.GetAsync(blobName, cached?.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            cached?.Dispose();
            throw;
        }
        if (download is null)
        {
            cached?.Dispose();
            _cache.Forget(blobName);
            return null;
        }
        if (download.NotModified && cached is not null) return cached;
        cached?.Dispose();
        return _cache.Adopt(blobName, download.Properties.ETag, download.Content);
    }

    /// <summary>
    /// Builds a new repository and stores it only if its blob does not exist yet.
    /// Returns false, storing nothing, when it does.
    /// </summary>
    public async Task<bool> CreateAsync(string blobName, GitUser? user, Action<Repository> build, CancellationToken cancellationToken = default)
    {
        using var workspace = RepositoryWorkspace.CreateEmpty(_cache.WorkRoot, user);
        using (var repo = workspace.Open()) build(repo);
        var archive = RepositoryArchive.Write(workspace.Seal(_options.MaxPacks));
        ETag etag;
        try
        {
            etag = await _blobs.PutAsync(blobName, archive, BlobConditions.CreateOnly, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobConditionFailedException e) when (e.ErrorCode == BlobErrorCode.BlobAlreadyExists)
        {
            return false;
        }
        _cache.Adopt(blobName, etag, archive).Dispose();
        return true;
    }

    /// <summary>
    /// Changes a repository under its lease. <paramref name="change"/> runs against a
    /// writable copy of the current state and says whether it changed anything; when it did,
    /// the new state is uploaded before this returns.
    /// </summary>
    /// <exception cref="BlobNotFoundException">There is no such repository.</exception>
    /// <exception cref="BlobLeaseException">The lease could not be had in time, or was lost.</exception>
    public async Task<TResult> UpdateAsync<TResult>(string blobName, Func<Repository, RepositoryChange<TResult>> change,
        CancellationToken cancellationToken = default)
    {
        using var queued = await _writers.LockAsync(blobName, cancellationToken).ConfigureAwait(false);
        var leaseOptions = new BlobLeaseOptions { Duration = _options.LeaseDuration, WaitTimeout = _options.LeaseWaitTimeout };
        await using var lease = await BlobLease.AcquireAsync(_blobs, blobName, leaseOptions, _time, _logger, cancellationToken)
            .ConfigureAwait(false);

        using var snapshot = await OpenAsync(blobName, cancellationToken).ConfigureAwait(false)
            ?? throw BlobStoreException.From(404, BlobErrorCode.BlobNotFound, $"{blobName} vanished while leased");
        using var workspace = RepositoryWorkspace.Over(snapshot.GitDirectory, _cache.WorkRoot);

        RepositoryChange<TResult> outcome;
        using (var repo = workspace.Open()) outcome = change(repo);
        if (!outcome.Changed) return outcome.Result;

        var archive = RepositoryArchive.Write(workspace.Seal(_options.MaxPacks));
        if (lease.IsLost) throw new BlobLeaseException(412, BlobErrorCode.LeaseLost, $"lost the lease on {blobName} before storing");
        var etag = await _blobs.PutAsync(blobName, archive, BlobConditions.Matching(snapshot.ETag, lease.LeaseId), cancellationToken)
            .ConfigureAwait(false);
        _cache.Adopt(blobName, etag, archive).Dispose();
        _logger.LogDebug("Stored {Blob} at {ETag} ({Bytes} bytes)", blobName, etag, archive.Length);
        return outcome.Result;
    }
}

/// <summary>What a change made: its result, and whether the repository must be stored again.</summary>
public readonly record struct RepositoryChange<TResult>(TResult Result, bool Changed)
{
    public static RepositoryChange<TResult> Unchanged(TResult result) => new(result, false);
    public static RepositoryChange<TResult> Stored(TResult result) => new(result, true);
}

public sealed class GitRepositoryOptions
{
    /// <summary>Where unpacked repositories are cached. Default: a fresh folder under the system temp folder.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>How many repositories to keep unpacked locally.</summary>
    public int CacheCapacity { get; set; } = 512;

    /// <summary>
    /// Packs a stored repository may have before a change repacks it into one. Changes merge
    /// small packs as they go (see <see cref="RepositoryWorkspace.Seal"/>), which keeps about
    /// log2(changes) packs, so this is a safety limit more than a schedule.
    /// </summary>
    public int MaxPacks { get; set; } = 24;

    /// <summary>Lease length (Azure allows 15–60 s); short, so a crashed writer frees the repository soon.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a writer waits for another writer's lease before giving up.</summary>
    public TimeSpan LeaseWaitTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
