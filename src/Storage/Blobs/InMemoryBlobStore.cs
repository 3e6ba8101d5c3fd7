using Saver.Storage.Blobs.Rules;

namespace Saver.Storage.Blobs;

/// <summary>
/// An <see cref="IBlobStore"/> held in memory, for fast tests. Thread-safe; the same ETag,
/// condition and lease rules as the other stores, with lease expiry read from the injected
/// <see cref="TimeProvider"/> so tests can move time on.
/// </summary>
public sealed class InMemoryBlobStore : IBlobStore
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, StoredBlob> _blobs = new(StringComparer.Ordinal);
    private long _lastVersion;

    public InMemoryBlobStore(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    public Task<BlobDownload?> GetAsync(string name, ETag? ifNoneMatch = null, CancellationToken cancellationToken = default)
    {
        BlobName.Validate(name);
        return Run(cancellationToken, () =>
        {
            if (!_blobs.TryGetValue(name, out var blob)) return null;
            var properties = blob.Properties(name, _time.GetUtcNow());
            // The stored array is never written after it is stored (a put stores a new one),
            // so handing it out read-only is safe and saves a copy.
            return ConditionRules.IsNotModified(blob.ETag, ifNoneMatch)
                ? new BlobDownload(properties, ReadOnlyMemory<byte>.Empty, NotModified: true)
                : new BlobDownload(properties, blob.Content);
        });
    }

    public Task<BlobProperties?> GetPropertiesAsync(string name, CancellationToken cancellationToken = default)
    {
        BlobName.Validate(name);
        return Run(cancellationToken, () => _blobs.TryGetValue(name, out var blob) ? blob.Properties(name, _time.GetUtcNow()) : null);
    }

    public Task<ETag> PutAsync(string name, ReadOnlyMemory<byte> content, BlobConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        BlobName.Validate(name);
        var copy = content.ToArray();
        return Run(cancellationToken, () =>
        {
            LeaseRules.ValidateLeaseId(conditions?.LeaseId);
            var existing = _blobs.GetValueOrDefault(name);
            var leaseAfter = LeaseRules.Write(existing?.Lease, conditions?.LeaseId, _time.GetUtcNow());
            ConditionRules.CheckPut(name, existing?.ETag, conditions);
            var etag = NextETag();
            _blobs[name] = new StoredBlob(copy, etag, LastModifiedClock.Now(_time), leaseAfter);
            return etag;
        });
    }

    public Task<ETag> CreateAppendBlobAsync(string name, BlobConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        BlobName.Validate(name);
        return Run(cancellationToken, () =>
        {
            LeaseRules.ValidateLeaseId(conditions?.LeaseId);
            var existing = _blobs.GetValueOrDefault(name);
            var leaseAfter = LeaseRules.Write(existing?.Lease, conditions?.LeaseId, _time.GetUtcNow());
            ConditionRules.CheckPut(name, existing?.ETag, conditions);
            var etag = NextETag();
            _blobs[name] = new StoredBlob([], etag, LastModifiedClock.Now(_time), leaseAfter, IsAppendBlob: true);
            return etag;
        });
    }

    public Task<AppendResult> AppendAsync(string name, ReadOnlyMemory<byte> block, AppendConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        BlobName.Validate(name);
        return Run(cancellationToken, () =>
        {
            LeaseRules.ValidateLeaseId(conditions?.LeaseId);
            var blob = Existing(name);
            if (!blob.IsAppendBlob) throw AppendRules.NotAnAppendBlob(name);
            var leaseAfter = LeaseRules.Write(blob.Lease, conditions?.LeaseId, _time.GetUtcNow());
            AppendRules.CheckPosition(name, blob.Content.Length, conditions);
            var content = new byte[blob.Content.Length + block.Length];
            blob.Content.CopyTo(content, 0);
            block.Span.CopyTo(content.AsSpan(blob.Content.Length));
            var etag = NextETag();
            _blobs[name] = blob with { Content = content, ETag = etag, LastModified = LastModifiedClock.Now(_time), Lease = leaseAfter };
            return new AppendResult(etag, blob.Content.Length, content.Length);
        });
    }

    public Task<BlobRange?> GetRangeAsync(string name, long offset, CancellationToken cancellationToken = default)
    {
        BlobName.Validate(name);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return Run(cancellationToken, () => _blobs.TryGetValue(name, out var blob)
            ? new BlobRange(offset, offset >= blob.Content.Length ? ReadOnlyMemory<byte>.Empty : blob.Content.AsMemory((int)offset), blob.ETag)
            : null);
    }

    public Task<bool> DeleteAsync(string name, BlobConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        BlobName.Validate(name);
        return Run(cancellationToken, () =>
        {
            LeaseRules.ValidateLeaseId(conditions?.LeaseId);
            if (!_blobs.TryGetValue(name, out var blob)) return false;
            LeaseRules.Write(blob.Lease, conditions?.LeaseId, _time.GetUtcNow());
            ConditionRules.CheckDelete(name, blob.ETag, conditions);
            return _blobs.Remove(name);
        });
    }

    public Task<BlobPage> ListPageAsync(string prefix, string? continuationToken = null, int pageSizeHint = 5000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var pageSize = ListingRules.PageSize(pageSizeHint);
        var after = ListingRules.DecodeToken(continuationToken);
        return Run(cancellationToken, () =>
        {
            var items = new List<BlobItem>();
            var more = false;
            foreach (var (name, blob) in _blobs)
            {
                if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
                if (after is not null && string.CompareOrdinal(name, after) <= 0) continue;
                if (items.Count == pageSize) { more = true; break; }
                items.Add(new BlobItem(name, blob.Content.Length, blob.ETag, blob.LastModified));
            }
            return new BlobPage(items, more ? ListingRules.EncodeToken(items[^1].Name) : null);
        });
    }

    public Task<string> AcquireLeaseAsync(string name, TimeSpan duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default)
    {
        BlobName.Validate(name);
        return Run(cancellationToken, () =>
        {
            LeaseRules.ValidateDuration(duration);
            LeaseRules.ValidateLeaseId(proposedLeaseId);
            var blob = Existing(name);
            var lease = LeaseRules.Acquire(blob.Lease, duration, proposedLeaseId, _time.GetUtcNow());
            _blobs[name] = blob with { Lease = lease };
            return lease.Id;
        });
    }

    public Task RenewLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default)
    {
        BlobName.Validate(name);
        ArgumentNullException.ThrowIfNull(leaseId);
        return Run(cancellationToken, () =>
        {
            LeaseRules.ValidateLeaseId(leaseId);
            var blob = Existing(name);
            _blobs[name] = blob with { Lease = LeaseRules.Renew(blob.Lease, leaseId, _time.GetUtcNow()) };
            return true;
        });
    }

    public Task ReleaseLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default)
    {
        BlobName.Validate(name);
        ArgumentNullException.ThrowIfNull(leaseId);
        return Run(cancellationToken, () =>
        {
            LeaseRules.ValidateLeaseId(leaseId);
            var blob = Existing(name);
            LeaseRules.Release(blob.Lease, leaseId);
            _blobs[name] = blob with { Lease = null };
            return true;
        });
    }

    public Task<TimeSpan> BreakLeaseAsync(string name, TimeSpan breakPeriod, CancellationToken cancellationToken = default)
    {
        BlobName.Validate(name);
        return Run(cancellationToken, () =>
        {
            LeaseRules.ValidateBreakPeriod(breakPeriod);
            var blob = Existing(name);
            var (lease, remaining) = LeaseRules.Break(blob.Lease, breakPeriod, _time.GetUtcNow());
            _blobs[name] = blob with { Lease = lease };
            return remaining;
        });
    }

    private StoredBlob Existing(string name) =>
        _blobs.TryGetValue(name, out var blob)
            ? blob
            : throw BlobStoreException.From(404, BlobErrorCode.BlobNotFound, $"blob {name} does not exist");

    /// <summary>
    /// A store-wide version number never goes back, so an ETag is never reused, not even
    /// for the same content or for a blob deleted and created again.
    /// </summary>
    private ETag NextETag() => new($"\"0x{++_lastVersion:X16}\"");

    /// <summary>
    /// Runs one operation under the store's lock and hands its outcome back as a task, so
    /// store errors surface when the task is awaited, as they do from the remote store.
    /// </summary>
    private Task<T> Run<T>(CancellationToken cancellationToken, Func<T> operation)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<T>(cancellationToken);
        try
        {
            lock (_gate) return Task.FromResult(operation());
        }
        catch (BlobStoreException e)
        {
            return Task.FromException<T>(e);
        }
    }

    private sealed record StoredBlob(byte[] Content, ETag ETag, DateTimeOffset LastModified, StoredLease? Lease, bool IsAppendBlob = false)
    {
        public BlobProperties Properties(string name, DateTimeOffset now) =>
            new(name, Content.Length, ETag, LastModified, Lease?.StateAt(now) ?? LeaseState.Available);
    }
}
