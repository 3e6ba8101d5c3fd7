using System.Collections.Concurrent;
using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using Saver.Storage.Blobs;
using Saver.Storage.Concurrency;
using Saver.Storage.Git.Log;

namespace Saver.Storage.Git;

/// <summary>
/// Git repositories kept as a log of packs in the blob store (docs/storage-layout.md).
/// <list type="bullet">
/// <item>A read serves the cached state after one ranged read of the log has fetched whatever
/// was appended since; a repository not cached is loaded in two round trips.</item>
/// <item>A write holds the current log's lease, builds its commits in the cached folder,
/// and appends one record (its refs and a thin pack of its new objects) at the position its
/// state ended: a compare-and-append. If another instance appended first, it catches up and
/// tries again within the same lease. It answers once the append is stored; the lease is
/// released after. A warm write is three store calls, two of them before the answer.</item>
/// <item>Maintenance (<see cref="RepositoryCompactor"/>) packs the log's tail into pack blobs and
/// starts the next log, after a write has answered, never inside one.</item>
/// <item>A store that went back (a restore from an older backup, an emulator that lost writes)
/// is never written over: a write that finds its repository without the commit this instance
/// last stored there fails with <see cref="RepositoryWentBackException"/>; reads serve what
/// the store holds.</item>
/// </list>
/// </summary>
public sealed class RepositoryStore
{
    private readonly IBlobStore _blobs;
    private readonly RepositoryCache _cache;
    private readonly GitRepositoryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RepositoryLoader _loader;
    private readonly KeyedAsyncLock _writers = new();
    private readonly KeyedAsyncLock _readers = new();
    private readonly ConcurrentDictionary<string, string> _leaseIds = new(StringComparer.Ordinal);
    private readonly AcknowledgedHeads _acknowledged;
    private readonly RepositoryCompactor _compactor;
    private readonly ConcurrentDictionary<Task, byte> _finishing = new();
    private readonly IRepositoryLogFolders? _logFolders;

    /// <param name="logFolders">Where a repository converted from the single-blob form keeps its logs; without it, under its own name.</param>
    public RepositoryStore(IBlobStore blobs, RepositoryCache cache, GitRepositoryOptions options, TimeProvider time, ILogger<RepositoryStore> logger,
        IRepositoryLogFolders? logFolders = null)
    {
        _logFolders = logFolders;
        _blobs = blobs;
        _cache = cache;
        _options = options;
        _time = time;
        _logger = logger;
        _loader = new RepositoryLoader(blobs, cache);
        _acknowledged = new AcknowledgedHeads(options.RememberedHeads);
        _compactor = new RepositoryCompactor(blobs, cache, _loader, options, time, logger);
    }

    /// <summary>The cache's size, for the benchmark's report.</summary>
    public RepositoryCache Cache => _cache;

    /// <summary>Maintenance, for tests and the migration that converts whole stores.</summary>
    public RepositoryCompactor Compactor => _compactor;

    /// <summary>The repository as the store holds it now, or null when there is none.</summary>
    public Task<RepositorySnapshot?> OpenAsync(string name, CancellationToken cancellationToken = default) =>
        OpenAsync(name, null, cancellationToken);

    /// <inheritdoc cref="OpenAsync(string, CancellationToken)"/>
    /// <param name="listed">Its log's ETag as a listing moments ago gave it, if it did (<see cref="LogListing"/>).</param>
    public async Task<RepositorySnapshot?> OpenAsync(string name, LogListing? listed, CancellationToken cancellationToken)
    {
        using var reading = await _readers.LockAsync(name, cancellationToken).ConfigureAwait(false);
        return await FreshAsync(new RepositoryLayout(name), listed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the repository exists (in either form).</summary>
    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        var layout = new RepositoryLayout(name);
        return await _blobs.GetPropertiesAsync(layout.Head, cancellationToken).ConfigureAwait(false) is not null
            || await _blobs.GetPropertiesAsync(layout.SingleBlob, cancellationToken).ConfigureAwait(false) is not null
            || await _blobs.GetPropertiesAsync(layout.Log(RepositoryLayout.FirstLog), cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>
    /// Builds a new repository and stores it only if it does not exist yet (its first log and
    /// its head are created create-only). Returns false when it does.
    /// </summary>
    /// <param name="logFolder">Where its logs are kept, when not under its name (a blob name prefix ending in '/').</param>
    public async Task<bool> CreateAsync(string name, Action<RepositoryEdit> build, string? logFolder = null, CancellationToken cancellationToken = default)
    {
        var layout = new RepositoryLayout(name);
        var firstLog = RepositoryLayout.FirstLogIn(logFolder);
        var folder = _cache.NewFolder();
        try
        {
            RepositoryEdit edit;
            BuiltChangePack pack;
            using (var repo = folder.Open())
            {
                edit = new RepositoryEdit(repo, RepositoryRefs.Empty, overlay: folder.Overlay);
                build(edit);
                using var packs = GitObjectStore.Open(folder.GitDirectory);
                pack = ChangePack.Build(repo, id => folder.TryRead(id, packs) ?? throw Missing(id),
                    null, edit.Main ?? throw new SaverException("a new repository needs a commit on main"));
            }
            var record = await ChangeRecordAsync(layout, folder, edit, pack, cancellationToken).ConfigureAwait(false);
            var encoded = record.Encode([]);
            // The first log, created create-only, claims the name among repositories that keep
            // their logs where it does; the head, also create-only, among all.
            if (!await TryCreateAsync(() => _blobs.CreateAppendBlobAsync(layout.Log(firstLog), BlobConditions.CreateOnly, cancellationToken))
                    .ConfigureAwait(false))
            {
                folder.Discard();
                return false;
            }
            AppendResult appended;
            try
            {
                appended = await _blobs.AppendAsync(layout.Log(firstLog), encoded, new AppendConditions(AppendPosition: 0),
                    cancellationToken).ConfigureAwait(false);
                if (!await TryCreateAsync(() => _blobs.PutAsync(layout.Head, HeadPointer.For(firstLog, []).Encode(), BlobConditions.CreateOnly, cancellationToken))
                        .ConfigureAwait(false))
                {
                    // Another repository of that name keeps its logs elsewhere.
                    await DeleteUnnamedLogAsync(layout, firstLog).ConfigureAwait(false);
                    folder.Discard();
                    return false;
                }
            }
            catch
            {
                // Nothing was acknowledged, and no head names the log: a creation that failed leaves nothing behind.
                await DeleteUnnamedLogAsync(layout, firstLog).ConfigureAwait(false);
                throw;
            }
            var state = new RepositoryState
            {
                Log = firstLog,
                Position = appended.Length,
                Check = encoded[^LogRecord.CheckLength..],
                Refs = RepositoryRefs.Empty.With(edit.Updates),
                TailRecords = 1,
                TailObjectBytes = InlineObjectBytes(record, pack),
            }.EndingAt(appended.ETag);
            folder.Measure();
            _cache.Install(name, folder, state, edit.Remembered).Dispose();
            _acknowledged.Remember(name, state.Refs.Main!);
            return true;
        }
        catch
        {
            folder.Discard();
            throw;
        }
    }

    /// <summary>
    /// Changes a repository under its log's lease. <paramref name="change"/> runs against the
    /// current state and says whether it changed anything; when it did, the change is stored
    /// before this returns (and may run again, on a newer state, if another instance stored a
    /// change first).
    /// </summary>
    /// <exception cref="BlobNotFoundException">There is no such repository.</exception>
    /// <exception cref="BlobLeaseException">The lease could not be had in time, or was lost.</exception>
    /// <exception cref="RepositoryWentBackException">The store no longer holds a change this instance stored.</exception>
    public async Task<TResult> UpdateAsync<TResult>(string name, Func<RepositoryEdit, RepositoryChange<TResult>> change,
        CancellationToken cancellationToken = default)
    {
        var writing = await _writers.LockAsync(name, cancellationToken).ConfigureAwait(false);
        BlobLease? lease = null;
        var layout = new RepositoryLayout(name);
        try
        {
            var snapshot = _cache.TryGet(name) ?? await LoadAsync(layout, cancellationToken).ConfigureAwait(false)
                ?? throw BlobStoreException.From(404, BlobErrorCode.BlobNotFound, $"repository {name} does not exist");
            try
            {
                if (snapshot.State.IsSingleBlob)
                {
                    await _compactor.ConvertAsync(layout, snapshot, _logFolders?.For(name, snapshot), LeaseOptions, cancellationToken).ConfigureAwait(false);
                    snapshot.Dispose();
                    snapshot = await ReloadAsync(layout, cancellationToken).ConfigureAwait(false);
                }
                // The first attempt builds on what this instance holds while the lease is on its
                // way. One that lost a race (another instance appended first, or the log was
                // sealed) takes the next lease first and catches up under it before building, so
                // no one can append before it: only a seal found on catching up sends it round again.
                var buildWhileLeasing = true;
                var started = _time.GetTimestamp();
                for (var attempt = 1; ; attempt++)
                {
                    // Overtaken again and again, a write keeps at it as long as it would wait for a
                    // lease: each time it lost, another write was stored, so the kata is moving.
                    if (attempt > MaxAttempts && _time.GetElapsedTime(started) >= _options.LeaseWaitTimeout)
                        throw new RepositoryContendedException(name, attempt - 1, _time.GetElapsedTime(started));
                    var state = snapshot.State;
                    if (state.Seal is not null)
                    {
                        // The log goes on in another: finish that if need be, then write there.
                        if (lease is not null) await ReleaseAsync(lease).ConfigureAwait(false);
                        lease = null;
                        buildWhileLeasing = false;
                        await _compactor.CompleteSealAsync(layout, state, cancellationToken).ConfigureAwait(false);
                        var followed = await _loader.FollowSealsAsync(layout, snapshot.Folder, state, cancellationToken).ConfigureAwait(false);
                        if (followed.Seal is not null)
                        {
                            // The next log was made and is gone: the repository went on past it.
                            snapshot = await ReadAfreshAsync(layout, snapshot, followed.Seal.NextLog, attempt, cancellationToken).ConfigureAwait(false);
                            continue;
                        }
                        snapshot = Replace(snapshot, _cache.Install(name, snapshot.Folder, followed));
                        continue;
                    }
                    if (lease is null && !buildWhileLeasing)
                    {
                        try
                        {
                            lease = await BlobLease.AcquireAsync(_blobs, layout.Log(state.Log!), LeaseOptions, _time, _logger, cancellationToken,
                                LeaseIdFor(name)).ConfigureAwait(false);
                        }
                        catch (BlobNotFoundException)
                        {
                            snapshot = await ReadAfreshAsync(layout, snapshot, state.Log, attempt, cancellationToken).ConfigureAwait(false);
                            continue;
                        }
                        (snapshot, lease) = await CatchUpUnderLeaseAsync(layout, snapshot, lease, grown: false, cancellationToken).ConfigureAwait(false);
                        // A seal found, or another log: round again, to follow it.
                        if (snapshot.State.Log != state.Log || snapshot.State.Seal is not null) continue;
                        state = snapshot.State;
                    }
                    CheckNotBehind(snapshot);
                    // The lease is asked for while the change is built, so the wait for the store's
                    // answer (a round trip, or a lease file written through to disk) overlaps the
                    // building. Nothing is stored before the append, which the lease guards, and a
                    // change built on a state another writer overtook meanwhile fails that append
                    // on its position and is built again on theirs, as it would be anyway.
                    var acquiring = lease is null ? AcquireInBackground(layout.Log(state.Log!), name, cancellationToken) : null;
                    (RepositoryChange<TResult> Outcome, RepositoryEdit Edit, BuiltChangePack? Pack, Func<CancellationToken, Task<LogRecord>> Record) built;
                    try
                    {
                        built = Build(layout, snapshot, change);
                    }
                    catch
                    {
                        // Whatever the lease comes to, the change's failure is the answer; a lease had is released below.
                        if (acquiring is not null) lease = await LeaseOrNullAsync(acquiring).ConfigureAwait(false);
                        throw;
                    }
                    try
                    {
                        lease ??= await acquiring!.ConfigureAwait(false);
                    }
                    catch (BlobNotFoundException)
                    {
                        // Maintenance moved on twice since this instance read the log, and deleted it.
                        snapshot = await ReadAfreshAsync(layout, snapshot, state.Log, attempt, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    var (outcome, edit, pack, record) = built;
                    if (!outcome.Changed) return outcome.Result;
                    var changeRecord = await record(cancellationToken).ConfigureAwait(false);
                    var encoded = changeRecord.Encode(state.Check);
                    if (lease.IsLost) throw new BlobLeaseException(412, BlobErrorCode.LeaseLost, $"lost the lease on {layout.Log(state.Log!)} before storing");
                    try
                    {
                        var appended = await _blobs.AppendAsync(layout.Log(state.Log!), encoded,
                            new AppendConditions(AppendPosition: state.Position, LeaseId: lease.LeaseId), cancellationToken).ConfigureAwait(false);
                        var stored = (state with
                        {
                            Position = appended.Length,
                            Check = encoded[^LogRecord.CheckLength..],
                            Refs = state.Refs.With(edit.Updates),
                            TailRecords = state.TailRecords + 1,
                            TailObjectBytes = state.TailObjectBytes + InlineObjectBytes(changeRecord, pack!.Value),
                        }).EndingAt(appended.ETag);
                        snapshot.Folder.AddBytes(encoded.Length * 2L);
                        using (_cache.Install(name, snapshot.Folder, stored, edit.Remembered)) { }
                        _acknowledged.Remember(name, stored.Refs.Main!);
                        return outcome.Result;
                    }
                    catch (BlobConditionFailedException e) when (e.ErrorCode == BlobErrorCode.AppendPositionConditionNotMet)
                    {
                        // Another instance wrote first: catch up, and do this change again on top of it.
                        _logger.LogDebug("{Repository}: another writer appended first; catching up (attempt {Attempt})", name, attempt);
                        buildWhileLeasing = false;
                        (snapshot, lease) = await CatchUpUnderLeaseAsync(layout, snapshot, lease, grown: true, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                snapshot.Dispose();
            }
        }
        catch
        {
            if (lease is not null) await ReleaseAsync(lease).ConfigureAwait(false);
            lease = null;
            throw;
        }
        finally
        {
            // The answer does not wait for the release; the next writer here does (it queues on
            // the lock), so it finds the lease free. It runs apart from the request (its logging
            // scope and trace end with the answer).
            using (ExecutionContext.SuppressFlow())
            {
                var finishing = lease;
                Track(Task.Run(() => FinishWriteAsync(name, finishing, writing), CancellationToken.None));
            }
        }
    }

    /// <summary>
    /// Converts a repository in the single-blob form of earlier versions to a log of packs;
    /// false when it is not in that form (converted already, or none).
    /// </summary>
    public async Task<bool> ConvertAsync(string name, CancellationToken cancellationToken = default)
    {
        using var writing = await _writers.LockAsync(name, cancellationToken).ConfigureAwait(false);
        using var snapshot = await OpenAsync(name, cancellationToken).ConfigureAwait(false);
        if (snapshot is null || !snapshot.State.IsSingleBlob) return false;
        await _compactor.ConvertAsync(new RepositoryLayout(name), snapshot, _logFolders?.For(name, snapshot), LeaseOptions, cancellationToken).ConfigureAwait(false);
        _cache.Forget(name);
        return true;
    }

    /// <summary>
    /// Maintenance (<see cref="RepositoryCompactor"/>): when the log's tail has grown enough, packs
    /// it and starts the next log. Runs after writes have answered; the heavy part (packing)
    /// holds nothing, the seal holds the lease for a few store calls.
    /// </summary>
    public async Task CompactAsync(string name, CancellationToken cancellationToken = default)
    {
        var layout = new RepositoryLayout(name);
        RepositoryCompactor.PreparedBase? prepared;
        using (var snapshot = await OpenAsync(name, cancellationToken).ConfigureAwait(false))
        {
            if (snapshot is null || snapshot.State.IsSingleBlob) return;
            if (snapshot.State.Seal is not null)
            {
                await _compactor.CompleteSealAsync(layout, snapshot.State, cancellationToken).ConfigureAwait(false);
                return;
            }
            prepared = await _compactor.PrepareAsync(layout, snapshot, cancellationToken).ConfigureAwait(false);
        }
        if (prepared is null) return;
        RepositoryState sealedInto;
        using (await _writers.LockAsync(name, cancellationToken).ConfigureAwait(false))
        {
            BlobLease lease;
            try
            {
                lease = await BlobLease.AcquireAsync(_blobs, layout.Log(prepared.Covers.Log!), LeaseOptions, _time, _logger, cancellationToken,
                    LeaseIdFor(name)).ConfigureAwait(false);
            }
            catch (BlobNotFoundException)
            {
                // Another instance maintained the repository twice while this one packed, and
                // deleted the log it packed from: the work is done. The packs uploaded for it are
                // named by no log, and a later clean-up deletes them.
                _logger.LogDebug("{Repository}: {Log} is gone, maintained by another instance meanwhile; this maintenance stops",
                    name, prepared.Covers.Log);
                return;
            }
            try
            {
                if (await _compactor.SealAsync(layout, prepared, lease, cancellationToken).ConfigureAwait(false) is not var (folder, state)) return;
                _cache.Install(name, folder, state).Dispose();
                sealedInto = state;
            }
            finally
            {
                await ReleaseAsync(lease).ConfigureAwait(false);
            }
        }
        await _compactor.CleanUpAsync(layout, prepared.Covers, sealedInto, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Attempts a write always makes before giving up once it has also waited <see cref="GitRepositoryOptions.LeaseWaitTimeout"/>.</summary>
    private const int MaxAttempts = 8;

    private BlobLeaseOptions LeaseOptions => new() { Duration = _options.LeaseDuration, WaitTimeout = _options.LeaseWaitTimeout };

    /// <summary>The cached state brought up to date, or loaded; null when there is no repository.</summary>
    internal async Task<RepositorySnapshot?> FreshAsync(RepositoryLayout layout, LogListing? listed, CancellationToken cancellationToken)
    {
        var cached = _cache.TryGet(layout.Name);
        if (cached is null) return await LoadAsync(layout, cancellationToken).ConfigureAwait(false);
        try
        {
            var (outcome, state, why) = await _loader.CatchUpAsync(layout, cached.Folder, cached.State, cancellationToken, listed: listed)
                .ConfigureAwait(false);
            switch (outcome)
            {
                case RepositoryLoader.Outcome.Current:
                    return ReferenceEquals(state, cached.State) ? cached : Replace(cached, _cache.Install(layout.Name, cached.Folder, state));
                case RepositoryLoader.Outcome.Advanced:
                    return Replace(cached, _cache.Install(layout.Name, cached.Folder, state));
                case RepositoryLoader.Outcome.WentBack:
                    _logger.LogError("Repository {Repository} went back in the store: {Why}. Reads now serve what the store holds; " +
                        "writes from this instance fail until it is restored", layout.Name, why);
                    break;
            }
            cached.Dispose();
            _cache.Forget(layout.Name);
            return await LoadAsync(layout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            cached.Dispose();
            throw;
        }
    }

    private async Task<RepositorySnapshot?> LoadAsync(RepositoryLayout layout, CancellationToken cancellationToken)
    {
        if (await _loader.LoadAsync(layout, cancellationToken).ConfigureAwait(false) is not var (folder, state)) return null;
        return _cache.Install(layout.Name, folder, state);
    }

    /// <summary>The repository read afresh, its cached state forgotten; a write's repository must still be there.</summary>
    private async Task<RepositorySnapshot> ReloadAsync(RepositoryLayout layout, CancellationToken cancellationToken)
    {
        _cache.Forget(layout.Name);
        return await LoadAsync(layout, cancellationToken).ConfigureAwait(false)
            ?? throw BlobStoreException.From(404, BlobErrorCode.BlobNotFound, $"repository {layout.Name} vanished");
    }

    /// <summary>Refuses to build on a state that lacks the last commit this instance stored in the repository.</summary>
    private void CheckNotBehind(RepositorySnapshot snapshot)
    {
        if (!_acknowledged.TryGet(snapshot.Name, out var acknowledged) || snapshot.Refs.Main == acknowledged) return;
        using var repo = snapshot.Open();
        var stored = repo.Lookup<LibGit2Sharp.Commit>(acknowledged);
        var head = snapshot.Refs.Main is { } main ? repo.Lookup<LibGit2Sharp.Commit>(main) : null;
        if (stored is not null && head is not null && repo.ObjectDatabase.FindMergeBase(stored, head)?.Id == stored.Id) return;
        var why = $"its main is {snapshot.Refs.Main?.Sha ?? "missing"}, which does not contain {acknowledged.Sha}, stored here before";
        _logger.LogError("Repository {Repository} went back in the store: {Why}; the write is refused", snapshot.Name, why);
        throw new RepositoryWentBackException(snapshot.Name, why);
    }

    /// <summary>Runs the change on the snapshot; the record to store is made on demand.</summary>
    private (RepositoryChange<TResult> Outcome, RepositoryEdit Edit, BuiltChangePack? Pack, Func<CancellationToken, Task<LogRecord>> Record) Build<TResult>(
        RepositoryLayout layout, RepositorySnapshot snapshot, Func<RepositoryEdit, RepositoryChange<TResult>> change)
    {
        using var repo = snapshot.Open();
        var edit = new RepositoryEdit(repo, snapshot.Refs, snapshot);
        var outcome = change(edit);
        if (!outcome.Changed) return (outcome, edit, null, _ => throw new InvalidOperationException("nothing to store"));
        using var packs = GitObjectStore.Open(snapshot.GitDirectory);
        var pack = ChangePack.Build(repo, id => snapshot.Folder.TryRead(id, packs) ?? throw Missing(id), snapshot.Refs.Main, edit.Main!);
        return (outcome, edit, pack, ct => ChangeRecordAsync(layout, snapshot.Folder, edit, pack, ct));
    }

    /// <summary>What a change record adds to the tail's object bytes: its objects, when its pack is inline (a pack blob comes with its index).</summary>
    private static long InlineObjectBytes(LogRecord record, BuiltChangePack pack) => record.InlinePack.IsEmpty ? 0 : pack.ObjectBytes;

    /// <summary>
    /// The record of a change: its pack inline, or, when that would not fit in one append
    /// block, in a pack blob of its own (a whole pack, with its index) the record names.
    /// </summary>
    private async Task<LogRecord> ChangeRecordAsync(RepositoryLayout layout, RepositoryFolder folder, RepositoryEdit edit, BuiltChangePack pack,
        CancellationToken cancellationToken)
    {
        if (pack.Pack.Length <= _options.MaxInlinePackBytes) return LogRecord.Change(edit.Updates, pack.Pack);
        var packBlob = await _compactor.StoreObjectsAsBlobAsync(layout, folder, edit.Start.Main, edit.Main!, cancellationToken).ConfigureAwait(false);
        return LogRecord.ChangeInBlob(edit.Updates, packBlob);
    }

    /// <summary>Deletes a first log that no head names, as far as the store lets it (the store may be what failed).</summary>
    private async Task DeleteUnnamedLogAsync(RepositoryLayout layout, string log)
    {
        try
        {
            await _blobs.DeleteAsync(layout.Log(log)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is BlobStoreException or IOException)
        {
            _logger.LogWarning(e, "Creating {Repository} failed, and so did deleting its first log {Log}; no head names it", layout.Name, log);
        }
    }

    /// <summary>A create-only call: false when the blob was there already.</summary>
    private static async Task<bool> TryCreateAsync(Func<Task<ETag>> create)
    {
        try
        {
            await create().ConfigureAwait(false);
            return true;
        }
        catch (BlobConditionFailedException e) when (e.ErrorCode == BlobErrorCode.BlobAlreadyExists)
        {
            return false;
        }
    }

    private static SaverException Missing(ObjectId id) => new($"git object {id} is missing");

    /// <summary>Lets go of <paramref name="old"/> for <paramref name="replacement"/> (made first, so their shared folder stays).</summary>
    private static RepositorySnapshot Replace(RepositorySnapshot old, RepositorySnapshot replacement)
    {
        old.Dispose();
        return replacement;
    }

    /// <summary>
    /// Starts taking a repository's log lease on another thread, so a store whose calls finish
    /// before they return (the local one writes its lease file through to disk) waits beside
    /// the caller's work, not before it.
    /// </summary>
    private Task<BlobLease> AcquireInBackground(string log, string name, CancellationToken cancellationToken)
    {
        var leaseId = LeaseIdFor(name);
        return Task.Run(() => BlobLease.AcquireAsync(_blobs, log, LeaseOptions, _time, _logger, cancellationToken, leaseId), CancellationToken.None);
    }

    /// <summary>The id this instance takes a repository's leases with, the same each time.</summary>
    private string LeaseIdFor(string name) => _leaseIds.GetOrAdd(name, _ => Guid.NewGuid().ToString());

    /// <summary>
    /// A write's state brought up to date: the snapshot itself when nothing was appended, else
    /// its replacement (read afresh when the log is gone). <paramref name="grown"/>: an append
    /// found the log longer, so a log found no longer after all is read afresh too.
    /// </summary>
    private async Task<RepositorySnapshot> CatchUpForWriteAsync(RepositoryLayout layout, RepositorySnapshot snapshot, bool grown,
        CancellationToken cancellationToken)
    {
        var (outcome, state, why) = await _loader.CatchUpAsync(layout, snapshot.Folder, snapshot.State, cancellationToken, grown)
            .ConfigureAwait(false);
        switch (outcome)
        {
            case RepositoryLoader.Outcome.Current when !grown && ReferenceEquals(state, snapshot.State):
                return snapshot;
            case RepositoryLoader.Outcome.Current when !grown:
            case RepositoryLoader.Outcome.Advanced:
                return Replace(snapshot, _cache.Install(layout.Name, snapshot.Folder, state));
            case RepositoryLoader.Outcome.WentBack:
                _logger.LogError("Repository {Repository} went back in the store: {Why}; the write is refused", layout.Name, why);
                throw new RepositoryWentBackException(layout.Name, why!);
            default:
                snapshot.Dispose();
                return await ReloadAsync(layout, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A write's catch-up while it holds the lease on its log: the lease is let go when the
    /// catch-up led to another log (a seal followed, or the repository read afresh), since it
    /// guards only the log it was taken on.
    /// </summary>
    private async Task<(RepositorySnapshot Snapshot, BlobLease? Lease)> CatchUpUnderLeaseAsync(RepositoryLayout layout, RepositorySnapshot snapshot,
        BlobLease lease, bool grown, CancellationToken cancellationToken)
    {
        var leased = snapshot.State.Log;
        snapshot = await CatchUpForWriteAsync(layout, snapshot, grown, cancellationToken).ConfigureAwait(false);
        if (snapshot.State.Log == leased) return (snapshot, lease);
        await ReleaseAsync(lease).ConfigureAwait(false);
        return (snapshot, null);
    }

    /// <summary>A write's snapshot let go of and the repository read afresh, its log (or the next one) being gone.</summary>
    private async Task<RepositorySnapshot> ReadAfreshAsync(RepositoryLayout layout, RepositorySnapshot snapshot, string? goneLog, int attempt,
        CancellationToken cancellationToken)
    {
        _logger.LogDebug("{Repository}: {Log} is gone; reading the repository afresh (attempt {Attempt})", layout.Name, goneLog, attempt);
        snapshot.Dispose();
        return await ReloadAsync(layout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The lease once taken, or null when taking it failed (for a caller with a failure of its own to report).</summary>
    private static async Task<BlobLease?> LeaseOrNullAsync(Task<BlobLease> acquiring)
    {
        try
        {
            return await acquiring.ConfigureAwait(false);
        }
        catch (Exception)
        {
            return null;
        }
    }

    private async Task ReleaseAsync(BlobLease lease)
    {
        try
        {
            await lease.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Could not release the lease on {Blob}", lease.BlobName);
        }
    }

    private void Track(Task finishing)
    {
        if (finishing.IsCompleted) return;
        _finishing.TryAdd(finishing, 0);
        finishing.ContinueWith(t => _finishing.TryRemove(t, out _), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Completes once the work writes leave running after they answer (lease releases, and the
    /// maintenance they start) is done: for shutting down cleanly, and for measuring.
    /// </summary>
    public async Task WhenSettledAsync()
    {
        while (_finishing.Keys.Concat(_compactor.Running).Where(t => !t.IsCompleted).ToList() is { Count: > 0 } running)
            // Their failures are logged where they happen; waiting is all this is for.
            await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
    }

    private async Task FinishWriteAsync(string name, BlobLease? lease, IDisposable writing)
    {
        try
        {
            if (lease is not null) await ReleaseAsync(lease).ConfigureAwait(false);
        }
        finally
        {
            writing.Dispose();
        }
        if (_cache.TryGet(name) is { } current)
        {
            using (current)
            {
                if (_options.MaintainAfterWrites && _options.MaintenanceIsDue(current.State))
                    _compactor.Schedule(new RepositoryLayout(name), this);
            }
        }
    }
}

/// <summary>What a change made: its result, and whether the repository must be stored again.</summary>
public readonly record struct RepositoryChange<TResult>(TResult Result, bool Changed)
{
    public static RepositoryChange<TResult> Unchanged(TResult result) => new(result, false);
    public static RepositoryChange<TResult> Stored(TResult result) => new(result, true);
}

/// <summary>The store no longer holds a change this instance stored: it went back (a restore, a lost write).</summary>
public sealed class RepositoryWentBackException(string repository, string why)
    : SaverException($"repository {repository} went back in the store ({why}); refusing to write over it");

/// <summary>
/// A write that other writers kept overtaking (each time it caught up and built again, the log
/// had moved on) gave up; nothing of it was stored, and trying again later is safe.
/// </summary>
public sealed class RepositoryContendedException(string repository, int attempts, TimeSpan waited)
    : SaverException($"repository {repository}: other writers kept appending first; gave up after {attempts} attempts in {waited.TotalSeconds:0.#} s");

public sealed class GitRepositoryOptions
{
    /// <summary>Where repositories are cached. Default: a fresh folder under the system temp folder.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>How many bytes of repositories to keep cached.</summary>
    public long CacheCapacityBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Change records in a log after which maintenance packs them and starts the next log.</summary>
    public int CompactAfterRecords { get; set; } = 32;

    /// <summary>
    /// Bytes of whole objects in a log's tail after which maintenance packs it, whatever the
    /// count of records: a long kata's records each hold two versions of its events.json, and a
    /// reader new to the log rebuilds and hashes every one, so this bounds a cold load's work.
    /// </summary>
    public long CompactAfterTailBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>Whether a state's tail is long enough, in records or in bytes, for maintenance to pack it.</summary>
    public bool MaintenanceIsDue(RepositoryState state) =>
        state.TailRecords >= CompactAfterRecords || state.TailObjectBytes >= CompactAfterTailBytes;

    /// <summary>Whether a write that leaves the log's tail long enough starts maintenance after it answers (off in tests that run it themselves).</summary>
    public bool MaintainAfterWrites { get; set; } = true;

    /// <summary>A change's pack larger than this goes into a pack blob of its own (Azure appends at most 4 MiB at once).</summary>
    public int MaxInlinePackBytes { get; set; } = 4 * 1024 * 1024 - 64 * 1024;

    /// <summary>How many repositories this instance remembers its last stored commit of, to notice a store that went back.</summary>
    public int RememberedHeads { get; set; } = 100_000;

    /// <summary>Lease length (Azure allows 15–60 s); short, so a crashed writer frees the repository soon.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a writer waits for another writer's lease before giving up.</summary>
    public TimeSpan LeaseWaitTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
