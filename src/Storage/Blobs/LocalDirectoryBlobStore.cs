using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Saver.Storage.Blobs.Local;
using Saver.Storage.Blobs.Rules;

namespace Saver.Storage.Blobs;

/// <summary>
/// The embedded default <see cref="IBlobStore"/>: a folder on disk, with the same ETag,
/// condition and lease semantics as Azure, and safe when several store instances, in one
/// process or in several, share the folder.
/// </summary>
/// <remarks>
/// <para>How it stays safe (see <see cref="BlobFileLayout"/> for where things live):</para>
/// <list type="bullet">
/// <item>A new version is written whole to a temporary file, flushed, and renamed over the
/// blob's file, and the folder is flushed too, so the rename itself survives a crash. A rename
/// is atomic, so readers, who take no lock, see the old file or the new, never a mix; the ETag
/// and time are in the file's header, so they change with it.</item>
/// <item>An append blob's bytes live in a data file of their own (see <see cref="BlobFile"/>);
/// its blob file is a header giving their length. An append writes the block past that length,
/// flushes it, then renames a new header into place as any write does: readers never read past
/// the length they were given, so a torn append can never be seen, and a save writes its block,
/// not the log again.</item>
/// <item>Every decision that depends on the current state (ETag conditions, leases) and the
/// change it allows (the rename, a delete, a new lease file) happen together under an
/// exclusive <see cref="FileLock"/> on the blob's lock file, which excludes other threads
/// and other processes alike and is freed by the kernel if a holder dies.</item>
/// <item>Lease state lives in its own file per blob, replaced by rename, and expiry is
/// worked out from the injected <see cref="TimeProvider"/> when asked, so nothing has to
/// run when a lease runs out.</item>
/// </list>
/// </remarks>
public sealed class LocalDirectoryBlobStore : IBlobStore
{
    /// <summary>
    /// Temporary files, and data files no blob names, older than this were left by a crash, not
    /// by a writer still at work (a new data file is named by its blob within milliseconds).
    /// </summary>
    private static readonly TimeSpan AbandonedFileAge = TimeSpan.FromHours(1);

    private readonly BlobFileLayout _layout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>
    /// Opens (creating if need be) a store in <paramref name="rootPath"/>. Checks that file
    /// locks really exclude each other there, and that names differing only in case stay
    /// apart, and throws <see cref="NotSupportedException"/> otherwise.
    /// </summary>
    public LocalDirectoryBlobStore(string rootPath, TimeProvider? time = null, ILogger<LocalDirectoryBlobStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootPath);
        _layout = new BlobFileLayout(rootPath);
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<LocalDirectoryBlobStore>.Instance;
        _layout.CreateFolders();
        FileLock.Probe(Path.Combine(_layout.TempRoot, $"lock-probe-{Guid.NewGuid():N}"));
        CheckCaseSensitive();
        RemoveAbandonedTempFiles();
    }

    /// <summary>The folder the store lives in.</summary>
    public string RootPath => _layout.Root;

    public async Task<BlobDownload?> GetAsync(string name, ETag? ifNoneMatch = null, CancellationToken cancellationToken = default)
    {
        var path = BlobPath(name);
        var read = await BlobFile.ReadAsync(path, version => ConditionRules.IsNotModified(version.ETag, ifNoneMatch), cancellationToken, _layout.DataPath)
            .ConfigureAwait(false);
        if (read is not var (version, content)) return null;
        var properties = Properties(name, version);
        return ConditionRules.IsNotModified(version.ETag, ifNoneMatch)
            ? new BlobDownload(properties, ReadOnlyMemory<byte>.Empty, NotModified: true)
            : new BlobDownload(properties, content);
    }

    public Task<BlobProperties?> GetPropertiesAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = BlobPath(name);
        cancellationToken.ThrowIfCancellationRequested();
        var version = BlobFile.ReadVersion(path);
        return Task.FromResult(version is null ? null : Properties(name, version));
    }

    public async Task<ETag> PutAsync(string name, ReadOnlyMemory<byte> content, BlobConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        var path = BlobPath(name);
        LeaseRules.ValidateLeaseId(conditions?.LeaseId);
        var etag = NewETag();
        // Taken before the lock so the lock is held only for the checks and the rename; two
        // racing writers may thus record times out of order by the time one waited, which is
        // invisible at Last-Modified's one-second resolution.
        var lastModified = LastModifiedClock.Now(_time);
        var temp = _layout.NewTempPath();
        try
        {
            await BlobFile.WriteNewAsync(temp, etag, lastModified, content, cancellationToken).ConfigureAwait(false);
            using (await LockAsync(name, cancellationToken).ConfigureAwait(false))
            {
                var current = BlobFile.ReadVersion(path);
                // A blob that does not exist has no lease, whatever file a crash may have left.
                var lease = current is null ? null : LeaseFile.Read(_layout.LeasePath(name));
                var leaseAfter = LeaseRules.Write(lease, conditions?.LeaseId, _time.GetUtcNow());
                ConditionRules.CheckPut(name, current?.ETag, conditions);
                // Forget an expired or broken lease before the new version appears: if we
                // crash in between, the blob merely lost a lease nobody held.
                if (leaseAfter is null) LeaseFile.Delete(_layout.LeasePath(name));
                MoveIntoPlace(temp, path);
                DeleteData(current);
            }
        }
        finally
        {
            TryDelete(temp);
        }
        return etag;
    }

    public async Task<ETag> CreateAppendBlobAsync(string name, BlobConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        var path = BlobPath(name);
        LeaseRules.ValidateLeaseId(conditions?.LeaseId);
        var etag = NewETag();
        var lastModified = LastModifiedClock.Now(_time);
        var temp = _layout.NewTempPath();
        var dataFile = BlobFileLayout.NewDataFileName();
        var published = false;
        try
        {
            await BlobFile.WriteDataAsync(_layout.DataPath(dataFile), 0, ReadOnlyMemory<byte>.Empty, create: true, cancellationToken).ConfigureAwait(false);
            DirectorySync.Flush(_layout.AppendsRoot);
            await BlobFile.WriteAppendHeaderAsync(temp, etag, lastModified, 0, dataFile, cancellationToken).ConfigureAwait(false);
            using (await LockAsync(name, cancellationToken).ConfigureAwait(false))
            {
                var current = BlobFile.ReadVersion(path);
                var lease = current is null ? null : LeaseFile.Read(_layout.LeasePath(name));
                var leaseAfter = LeaseRules.Write(lease, conditions?.LeaseId, _time.GetUtcNow());
                ConditionRules.CheckPut(name, current?.ETag, conditions);
                if (leaseAfter is null) LeaseFile.Delete(_layout.LeasePath(name));
                MoveIntoPlace(temp, path);
                published = true;
                DeleteData(current);
            }
        }
        finally
        {
            TryDelete(temp);
            if (!published) TryDelete(_layout.DataPath(dataFile));
        }
        return etag;
    }

    /// <summary>
    /// Writes the block into the blob's data file just past the length its header gives (bytes
    /// no reader reads), flushes it, then publishes a header with the new length and ETag by
    /// rename. A save writes its block, not the log again. A blob written before there were data
    /// files moves its bytes into one first, once.
    /// </summary>
    public async Task<AppendResult> AppendAsync(string name, ReadOnlyMemory<byte> block, AppendConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        var path = BlobPath(name);
        LeaseRules.ValidateLeaseId(conditions?.LeaseId);
        var etag = NewETag();
        var temp = _layout.NewTempPath();
        string? movedInto = null;
        var published = false;
        try
        {
            using (await LockAsync(name, cancellationToken).ConfigureAwait(false))
            {
                // Under the lock, so the version read is the one replaced.
                if (BlobFile.ReadVersion(path) is not { } current)
                    throw BlobStoreException.From(404, BlobErrorCode.BlobNotFound, $"blob {name} does not exist");
                if (!current.IsAppendBlob) throw AppendRules.NotAnAppendBlob(name);
                var leaseAfter = LeaseRules.Write(LeaseFile.Read(_layout.LeasePath(name)), conditions?.LeaseId, _time.GetUtcNow());
                AppendRules.CheckPosition(name, current.Length, conditions);
                var dataFile = current.DataFile;
                if (dataFile is null)
                {
                    var content = (await BlobFile.ReadAsync(path, _ => false, cancellationToken).ConfigureAwait(false))?.Content
                        ?? throw BlobStoreException.From(404, BlobErrorCode.BlobNotFound, $"blob {name} does not exist");
                    movedInto = dataFile = BlobFileLayout.NewDataFileName();
                    await BlobFile.WriteDataAsync(_layout.DataPath(dataFile), 0, content, create: true, cancellationToken).ConfigureAwait(false);
                    DirectorySync.Flush(_layout.AppendsRoot);
                }
                await BlobFile.WriteDataAsync(_layout.DataPath(dataFile), current.Length, block, create: false, cancellationToken).ConfigureAwait(false);
                await BlobFile.WriteAppendHeaderAsync(temp, etag, LastModifiedClock.Now(_time), current.Length + block.Length, dataFile, cancellationToken)
                    .ConfigureAwait(false);
                if (leaseAfter is null) LeaseFile.Delete(_layout.LeasePath(name));
                MoveIntoPlace(temp, path);
                published = true;
                return new AppendResult(etag, current.Length, current.Length + block.Length);
            }
        }
        finally
        {
            TryDelete(temp);
            if (!published && movedInto is not null) TryDelete(_layout.DataPath(movedInto));
        }
    }

    public async Task<BlobRange?> GetRangeAsync(string name, long offset, CancellationToken cancellationToken = default)
    {
        var path = BlobPath(name);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var read = await BlobFile.ReadAsync(path, _ => false, offset, cancellationToken, _layout.DataPath).ConfigureAwait(false);
        return read is var (version, content) ? new BlobRange(offset, content, version.ETag) : null;
    }

    public async Task<bool> DeleteAsync(string name, BlobConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        var path = BlobPath(name);
        LeaseRules.ValidateLeaseId(conditions?.LeaseId);
        using (await LockAsync(name, cancellationToken).ConfigureAwait(false))
        {
            if (BlobFile.ReadVersion(path) is not { } current) return false;
            var leasePath = _layout.LeasePath(name);
            LeaseRules.Write(LeaseFile.Read(leasePath), conditions?.LeaseId, _time.GetUtcNow());
            ConditionRules.CheckDelete(name, current.ETag, conditions);
            // The lease goes first: a crash in between leaves an unleased blob, as if its
            // holder (who asked for this delete) had released it, never a lease without a blob.
            LeaseFile.Delete(leasePath);
            File.Delete(path);
            DeleteData(current);
        }
        RemoveEmptyFoldersAbove(path);
        return true;
    }

    public Task<BlobPage> ListPageAsync(string prefix, string? continuationToken = null, int pageSizeHint = 5000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var pageSize = ListingRules.PageSize(pageSizeHint);
        var after = ListingRules.DecodeToken(continuationToken);
        var items = new List<BlobItem>();
        var more = false;
        foreach (var name in BlobTreeWalk.Names(_layout, prefix, after))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (items.Count == pageSize) { more = true; break; }
            // Deleted since the folder was read: it is simply not in the listing.
            if (BlobFile.ReadVersion(_layout.BlobPath(name)) is { } version)
                items.Add(new BlobItem(name, version.Length, version.ETag, version.LastModified));
        }
        return Task.FromResult(new BlobPage(items, more ? ListingRules.EncodeToken(items[^1].Name) : null));
    }

    public Task<string> AcquireLeaseAsync(string name, TimeSpan duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default) =>
        ChangeLeaseAsync(name, cancellationToken, () =>
        {
            LeaseRules.ValidateDuration(duration);
            LeaseRules.ValidateLeaseId(proposedLeaseId);
        }, (lease, now) =>
        {
            var acquired = LeaseRules.Acquire(lease, duration, proposedLeaseId, now);
            return (acquired, acquired.Id);
        });

    public Task RenewLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default) =>
        ChangeLeaseAsync(name, cancellationToken, () => ValidateGivenLeaseId(leaseId),
            (lease, now) => (LeaseRules.Renew(lease, leaseId, now), true));

    public Task ReleaseLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default) =>
        ChangeLeaseAsync(name, cancellationToken, () => ValidateGivenLeaseId(leaseId), (lease, _) =>
        {
            LeaseRules.Release(lease, leaseId);
            return ((StoredLease?)null, true);
        });

    public Task<TimeSpan> BreakLeaseAsync(string name, TimeSpan breakPeriod, CancellationToken cancellationToken = default) =>
        ChangeLeaseAsync(name, cancellationToken, () => LeaseRules.ValidateBreakPeriod(breakPeriod), (lease, now) =>
        {
            var (broken, remaining) = LeaseRules.Break(lease, breakPeriod, now);
            return (broken, remaining);
        });

    /// <summary>
    /// One lease operation: under the blob's lock, reads the lease, applies the rule (which
    /// throws Azure's error when the operation is refused) and stores what it returns.
    /// </summary>
    private async Task<T> ChangeLeaseAsync<T>(string name, CancellationToken cancellationToken, Action validate,
        Func<StoredLease?, DateTimeOffset, (StoredLease? Lease, T Result)> rule)
    {
        var path = BlobPath(name);
        validate();
        using (await LockAsync(name, cancellationToken).ConfigureAwait(false))
        {
            if (BlobFile.ReadVersion(path) is null)
                throw BlobStoreException.From(404, BlobErrorCode.BlobNotFound, $"blob {name} does not exist");
            var leasePath = _layout.LeasePath(name);
            var (lease, result) = rule(LeaseFile.Read(leasePath), _time.GetUtcNow());
            if (lease is null) LeaseFile.Delete(leasePath);
            else LeaseFile.Write(leasePath, _layout.NewTempPath(), name, lease);
            return result;
        }
    }

    private static void ValidateGivenLeaseId(string leaseId)
    {
        ArgumentNullException.ThrowIfNull(leaseId);
        LeaseRules.ValidateLeaseId(leaseId);
    }

    private string BlobPath(string name)
    {
        BlobName.Validate(name);
        return _layout.BlobPath(name);
    }

    private BlobProperties Properties(string name, BlobVersion version)
    {
        var lease = LeaseFile.Read(_layout.LeasePath(name));
        return new BlobProperties(name, version.Length, version.ETag, version.LastModified, lease?.StateAt(_time.GetUtcNow()) ?? LeaseState.Available);
    }

    /// <summary>
    /// The data file of a version just replaced or deleted (best effort: a crash before it leaves
    /// a file no header names, which nothing reads). Readers holding it open still read it.
    /// </summary>
    private void DeleteData(BlobVersion? replaced)
    {
        if (replaced?.DataFile is { } dataFile) TryDelete(_layout.DataPath(dataFile));
    }

    private Task<FileLock> LockAsync(string name, CancellationToken cancellationToken) =>
        FileLock.AcquireAsync(_layout.LockPath(name), cancellationToken);

    /// <summary>
    /// 128 random bits: unique across processes and restarts without any shared counter,
    /// so an ETag is never reused, not even for the same content or a re-created blob.
    /// </summary>
    private static ETag NewETag() => new("\"0x" + Guid.NewGuid().ToString("N").ToUpperInvariant() + "\"");

    private static void MoveIntoPlace(string temp, string path)
    {
        // A delete of the folder's last other blob may remove the folder between our
        // creating it and the rename; then create it again.
        for (var attempt = 1; ; attempt++)
        {
            var folder = Path.GetDirectoryName(path)!;
            var existing = folder;
            while (!Directory.Exists(existing)) existing = Path.GetDirectoryName(existing)!;
            Directory.CreateDirectory(folder);
            try
            {
                File.Move(temp, path, overwrite: true);
                DirectorySync.Flush(folder);
                // Folders made just now must be named durably in their parents too.
                for (var made = folder; made.Length > existing.Length; made = Path.GetDirectoryName(made)!)
                    DirectorySync.Flush(Path.GetDirectoryName(made)!);
                return;
            }
            catch (DirectoryNotFoundException) when (attempt < 10)
            {
            }
        }
    }

    /// <summary>Keeps the tree free of folders emptied by deletes, so walks stay short.</summary>
    private void RemoveEmptyFoldersAbove(string blobPath)
    {
        for (var folder = Path.GetDirectoryName(blobPath); folder is not null && folder.Length > _layout.BlobsRoot.Length; folder = Path.GetDirectoryName(folder))
        {
            try
            {
                Directory.Delete(folder);
            }
            catch (IOException)
            {
                return; // not empty (or already gone): the folders above are not empty either
            }
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "Could not delete {Path}; it is garbage nothing reads, left for a later clean-up", path);
        }
    }

    /// <summary>
    /// Deletes the data files no blob names any more, left by a crash between making a data file
    /// and publishing the header that names it, or between replacing a header and deleting the
    /// data file it named. Returns how many it deleted. It reads every blob's header, so it runs
    /// in the background (<c>LocalStoreSweeper</c>), never on a request.
    /// </summary>
    /// <remarks>
    /// Only files older than <see cref="AbandonedFileAge"/> are candidates, so a data file whose
    /// header is about to be published is never one. The walk may miss a header that is being
    /// replaced while it passes (a folder read is not a snapshot), but the only replacement that
    /// keeps naming the same data file is an append, which writes the data file first: a
    /// candidate written since it was listed is kept.
    /// </remarks>
    public int RemoveOrphanedDataFiles(CancellationToken cancellationToken = default)
    {
        var cutoff = (_time.GetUtcNow() - AbandonedFileAge).UtcDateTime;
        var candidates = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var file in new DirectoryInfo(_layout.AppendsRoot).EnumerateFiles("*" + BlobFileLayout.DataFileSuffix))
            if (file.LastWriteTimeUtc < cutoff) candidates[file.Name] = file.LastWriteTimeUtc;
        if (candidates.Count == 0) return 0;

        foreach (var name in BlobTreeWalk.Names(_layout, "", after: null))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (BlobFile.ReadVersion(_layout.BlobPath(name))?.DataFile is { } named) candidates.Remove(named);
        }

        var removed = 0;
        foreach (var (dataFile, listedAs) in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = _layout.DataPath(dataFile);
            var now = new FileInfo(path);
            if (!now.Exists || now.LastWriteTimeUtc != listedAs) continue;
            _logger.LogInformation("Removing {Path}, a data file no blob names, left by an interrupted write", path);
            TryDelete(path);
            removed++;
        }
        return removed;
    }

    private void CheckCaseSensitive()
    {
        var probe = Path.Combine(_layout.TempRoot, $"case-probe-{Guid.NewGuid():N}");
        File.WriteAllBytes(probe + "-a", []);
        try
        {
            if (File.Exists(probe + "-A"))
                throw new NotSupportedException(
                    $"{_layout.Root} is on a case-insensitive file system, where blob names differing only in case (as entity ids do) would share a file");
        }
        finally
        {
            File.Delete(probe + "-a");
        }
    }

    private void RemoveAbandonedTempFiles()
    {
        var cutoff = _time.GetUtcNow() - AbandonedFileAge;
        foreach (var file in new DirectoryInfo(_layout.TempRoot).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc >= cutoff.UtcDateTime) continue;
            _logger.LogInformation("Removing {Path}, left by an interrupted write", file.FullName);
            TryDelete(file.FullName);
        }
    }
}
