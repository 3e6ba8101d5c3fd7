using System.Collections.Concurrent;
using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using Saver.Storage.Blobs;
using Saver.Storage.Git.Log;
using Saver.Storage.Git.Packs;
using Saver.Storage.IO;

namespace Saver.Storage.Git;

/// <summary>
/// Maintenance of repository logs, off the request path (docs/storage-layout.md, "Maintenance").
/// <list type="number">
/// <item>Without any lease: the objects of the log's tail are packed into one pack, merged with
/// the base's smaller packs (sizes stay a geometric series, so each object is packed again only
/// about log2(n) times), and uploaded as pack blobs named by their checksum (create-only).</item>
/// <item>Under the log's lease, briefly: a seal record is appended, naming the next log, the
/// packs, and how much of this log they cover; writes that came in since are carried over.</item>
/// <item>The next log is created (create-only) with a base record (every ref, the packs) and the
/// carried records; then the head pointer is moved to it.</item>
/// <item>Logs two generations back, and the pack blobs only they named, are deleted.</item>
/// </list>
/// Every step is safe to stop after: before the seal nothing has changed for anyone; a seal
/// without its next log is completed by whoever meets it next (the seal says everything needed);
/// a stale head pointer only costs its reader a hop. Readers of the old log keep reading it
/// until they meet the seal, and nothing they could still be fetching is deleted.
/// </summary>
public sealed class RepositoryCompactor
{
    private readonly IBlobStore _blobs;
    private readonly RepositoryCache _cache;
    private readonly RepositoryLoader _loader;
    private readonly GitRepositoryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Task> _scheduled = new(StringComparer.Ordinal);

    internal RepositoryCompactor(IBlobStore blobs, RepositoryCache cache, RepositoryLoader loader, GitRepositoryOptions options,
        TimeProvider time, ILogger logger)
    {
        _blobs = blobs;
        _cache = cache;
        _loader = loader;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Maintenance runs under way (by repository), for tests and an orderly shutdown.</summary>
    public IReadOnlyCollection<Task> Running => [.. _scheduled.Values];

    /// <summary>Runs maintenance on a repository in the background, unless it is running already.</summary>
    internal void Schedule(RepositoryLayout layout, RepositoryStore store)
    {
        if (_scheduled.ContainsKey(layout.Name)) return;
        var run = new TaskCompletionSource();
        if (!_scheduled.TryAdd(layout.Name, run.Task)) return;
        _ = Task.Run(async () =>
        {
            try
            {
                await store.CompactAsync(layout.Name).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Maintenance of {Repository} failed; the next write retries it", layout.Name);
            }
            finally
            {
                _scheduled.TryRemove(layout.Name, out _);
                run.SetResult();
            }
        });
    }

    /// <summary>The packs of a new base, prepared (and uploaded) without holding anything.</summary>
    internal sealed record PreparedBase(RepositoryState Covers, IReadOnlyList<PackBlobRef> Packs, IReadOnlyList<string> PackFiles);

    /// <summary>
    /// Step 1: packs the tail of <paramref name="snapshot"/>'s log with the base's smaller packs
    /// and uploads the new pack blobs. Null when the tail is too short to be worth it.
    /// </summary>
    internal async Task<PreparedBase?> PrepareAsync(RepositoryLayout layout, RepositorySnapshot snapshot, CancellationToken cancellationToken)
    {
        var state = snapshot.State;
        if (state.IsSingleBlob || state.Seal is not null || !_options.MaintenanceIsDue(state)) return null;
        await _loader.FetchPacksAsync(layout, snapshot.Folder, state.BasePacks, cancellationToken).ConfigureAwait(false);
        var packFolder = Path.Combine(snapshot.GitDirectory, "objects", "pack");
        List<PackBlobRef> kept = [];
        PooledBytes encoded;
        using (var repo = snapshot.Open())
        using (var packs = GitObjectStore.Open(snapshot.GitDirectory))
        {
            var tail = ChangePack.NewObjects(repo, state.BaseMain, state.Refs.Main!);
            var mergedCount = (long)tail.Count;
            var merging = new List<string>();
            var bySize = state.BasePacks
                .Select(p => (Pack: p, Path: Path.Combine(packFolder, p.Name + ".pack")))
                .Select(p => (p.Pack, p.Path, Objects: PackIndex.ObjectCount(p.Path)))
                .OrderBy(p => p.Objects).ThenBy(p => p.Pack.Name, StringComparer.Ordinal);
            var merge = true;
            foreach (var (pack, path, objects) in bySize)
            {
                merge &= objects < 2 * mergedCount;
                if (!merge)
                {
                    kept.Add(pack);
                    continue;
                }
                merging.Add(path);
                mergedCount += objects;
            }
            encoded = CompactionPack.Write(merging, tail, id => Read(layout, snapshot.Folder, packs, id));
        }
        using (encoded)
        {
            var blob = await UploadPackAsync(layout, encoded.Memory, cancellationToken).ConfigureAwait(false);
            // Into the folder too, so this instance's next state reads the new pack as it is.
            var local = PackBlob.Extract(encoded.Span, packFolder);
            return new PreparedBase(state, [.. kept, blob], [.. kept.Select(p => Path.Combine(packFolder, p.Name + ".pack")), local]);
        }
    }

    /// <summary>
    /// Steps 2 and 3, under the log's lease (the caller holds it and the instance's write lock):
    /// seals the log after whatever was appended since <paramref name="prepared"/> was made, and
    /// makes the next log. Returns the state on the next log, or null when the log was sealed
    /// by someone else meanwhile.
    /// </summary>
    internal async Task<(RepositoryFolder Folder, RepositoryState State)?> SealAsync(RepositoryLayout layout, PreparedBase prepared,
        BlobLease lease, CancellationToken cancellationToken)
    {
        var covered = prepared.Covers;
        var log = layout.Log(covered.Log!);
        var range = await _blobs.GetRangeAsync(log, covered.Position - LogRecord.CheckLength, cancellationToken).ConfigureAwait(false)
            ?? throw new SaverException($"repository {layout.Name}: {covered.Log} vanished while leased");
        if (range.Content.Length < LogRecord.CheckLength || !range.Content.Span[..LogRecord.CheckLength].SequenceEqual(covered.Check))
            throw new RepositoryWentBackException(layout.Name, $"{covered.Log} no longer holds what maintenance read");
        var carried = Records(range.Content[LogRecord.CheckLength..], covered.Check);
        if (carried.Any(r => r.Record.Kind == LogRecordKind.Seal)) return null;

        var next = RepositoryLayout.NextLog(covered.Log!);
        var lastCheck = carried.Count > 0 ? carried[^1].Check : covered.Check;
        var seal = LogRecord.Seal(next, covered.Position, prepared.Packs).Encode(lastCheck);
        var sealedAt = covered.Position + range.Content.Length - LogRecord.CheckLength;
        await _blobs.AppendAsync(log, seal, new AppendConditions(AppendPosition: sealedAt, LeaseId: lease.LeaseId), cancellationToken).ConfigureAwait(false);

        var successor = await CreateSuccessorAsync(layout, next, covered.Refs, prepared.Packs, [.. carried.Select(c => c.Record)], cancellationToken)
            .ConfigureAwait(false);
        // A fresh folder with just the new packs, caught up with the carried records: reads
        // here no longer go through the tail's many small packs.
        var folder = _cache.NewFolder();
        try
        {
            var packFolder = Path.Combine(folder.GitDirectory, "objects", "pack");
            foreach (var pack in prepared.PackFiles)
            {
                File.Copy(Path.ChangeExtension(pack, ".pack"), Path.Combine(packFolder, Path.GetFileName(pack)));
                File.Copy(Path.ChangeExtension(pack, ".idx"), Path.Combine(packFolder, Path.GetFileNameWithoutExtension(pack) + ".idx"));
            }
            var state = await _loader.ApplyAsync(layout, folder, RepositoryLoader.Start(next), successor, baseObjectsHere: false, cancellationToken)
                .ConfigureAwait(false);
            folder.Measure();
            _logger.LogInformation("{Repository}: {Log} sealed after {Records} records; {Next} goes on from {Packs} pack(s)",
                layout.Name, covered.Log, covered.TailRecords + carried.Count, next, prepared.Packs.Count);
            return (folder, state);
        }
        catch
        {
            folder.Discard();
            throw;
        }
    }

    /// <summary>Step 4: deletes logs two generations back and the pack blobs that only they named (best effort).</summary>
    internal async Task CleanUpAsync(RepositoryLayout layout, RepositoryState previous, RepositoryState current, CancellationToken cancellationToken)
    {
        try
        {
            var keep = new HashSet<string>(previous.LogPackBlobs.Concat(current.LogPackBlobs).Select(p => p.Name), StringComparer.Ordinal);
            var oldest = RepositoryLayout.Generation(previous.Log!);
            // Logs kept elsewhere than the packs are listed there too.
            foreach (var folder in new[] { layout.Prefix, layout.LogFolder(previous.Log!) }.Distinct(StringComparer.Ordinal))
            {
                await foreach (var blob in _blobs.ListAsync(folder, cancellationToken).ConfigureAwait(false))
                {
                    var name = blob.Name[folder.Length..];
                    var stale = name.StartsWith("log.", StringComparison.Ordinal)
                        ? RepositoryLayout.Generation(name) < oldest
                        : name.StartsWith("pack-", StringComparison.Ordinal) && !keep.Contains(name) && blob.LastModified < _time.GetUtcNow() - TimeSpan.FromMinutes(10);
                    if (!stale) continue;
                    try
                    {
                        await _blobs.DeleteAsync(blob.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
                    }
                    catch (BlobLeaseException)
                    {
                        // A writer far behind holds it while it finds the seal that sends it on; the
                        // next maintenance deletes it. The others go now.
                        _logger.LogDebug("{Repository}: {Blob} is leased; the next maintenance deletes it", layout.Name, blob.Name);
                    }
                }
            }
        }
        catch (Exception e) when (e is BlobStoreException or IOException)
        {
            _logger.LogWarning(e, "Could not delete the old logs and packs of {Repository}; the next maintenance tries again", layout.Name);
        }
    }

    /// <summary>
    /// For a writer that met a seal whose next log is not there (maintenance stopped between
    /// the two): makes it from the sealed log, which says everything needed. Makes nothing when
    /// the head has reached it (it was made, and maybe deleted since).
    /// </summary>
    internal async Task CompleteSealAsync(RepositoryLayout layout, RepositoryState sealedState, CancellationToken cancellationToken)
    {
        var seal = sealedState.Seal!;
        if (await _blobs.GetPropertiesAsync(layout.Log(seal.NextLog!), cancellationToken).ConfigureAwait(false) is { Length: > 0 }) return;
        // Not there may also mean made, moved on from and deleted: a writer that read the seal
        // long ago must not make it again, beside the history that went on from it.
        if (await _loader.HeadHasReachedAsync(layout, seal.NextLog!, cancellationToken).ConfigureAwait(false)) return;
        var log = await _blobs.GetAsync(layout.Log(sealedState.Log!), cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new SaverException($"repository {layout.Name}: sealed {sealedState.Log} vanished");
        var refs = RepositoryRefs.Empty;
        var carried = new List<LogRecord>();
        var at = 0L;
        foreach (var (record, length, _) in Records(log.Content, []))
        {
            if (record.Kind == LogRecordKind.Seal) break;
            if (at >= seal.CoveredLength) carried.Add(record);
            else refs = record.Kind == LogRecordKind.Base ? RepositoryRefs.From(record.Refs) : refs.With(record.Refs);
            at += length;
        }
        await CreateSuccessorAsync(layout, seal.NextLog!, refs, seal.PackBlobs, carried, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The single-blob form of earlier versions, converted under that blob's lease: its packs
    /// become pack blobs, the first log a base naming them, then the head; the blob goes last.
    /// The caller reads the repository afresh afterwards (someone else may have converted it).
    /// </summary>
    /// <param name="logFolder">Where its logs are to be kept, when not under its name (the same for every instance that converts it).</param>
    internal async Task ConvertAsync(RepositoryLayout layout, RepositorySnapshot snapshot, string? logFolder, BlobLeaseOptions leaseOptions,
        CancellationToken cancellationToken)
    {
        var firstLog = RepositoryLayout.FirstLogIn(logFolder);
        BlobLease lease;
        try
        {
            lease = await BlobLease.AcquireAsync(_blobs, layout.SingleBlob, leaseOptions, _time, _logger, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobNotFoundException)
        {
            return; // converted (and the blob deleted) by another instance
        }
        await using (lease.ConfigureAwait(false))
        {
            var properties = await _blobs.GetPropertiesAsync(layout.SingleBlob, cancellationToken).ConfigureAwait(false);
            if (properties is null || properties.ETag != snapshot.State.SingleBlobETag) return; // changed: the caller reads it again
            if (await _blobs.GetPropertiesAsync(layout.Log(firstLog), cancellationToken).ConfigureAwait(false) is not { Length: > 0 })
            {
                var packFolder = Path.Combine(snapshot.GitDirectory, "objects", "pack");
                var packs = new List<PackBlobRef>();
                foreach (var pack in Directory.EnumerateFiles(packFolder, "pack-*.pack").Order(StringComparer.Ordinal))
                    packs.Add(await UploadPackAsync(layout, pack, cancellationToken).ConfigureAwait(false));
                await CreateSuccessorAsync(layout, firstLog, snapshot.Refs, packs, [], cancellationToken).ConfigureAwait(false);
            }
            await _blobs.DeleteAsync(layout.SingleBlob, BlobConditions.WithLease(lease.LeaseId), cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("{Repository}: converted from the single-blob form to a log of packs", layout.Name);
        }
    }

    /// <summary>
    /// A change too large to append: its new objects as a whole pack in a pack blob of its own.
    /// </summary>
    internal async Task<PackBlobRef> StoreObjectsAsBlobAsync(RepositoryLayout layout, RepositoryFolder folder, ObjectId? from, ObjectId to,
        CancellationToken cancellationToken)
    {
        PooledBytes encoded;
        using (var repo = folder.Open())
        using (var packs = GitObjectStore.Open(folder.GitDirectory))
            encoded = CompactionPack.Write([], ChangePack.NewObjects(repo, from, to), id => Read(layout, folder, packs, id));
        using (encoded) return await UploadPackAsync(layout, encoded.Memory, cancellationToken).ConfigureAwait(false);
    }

    private static RawObject Read(RepositoryLayout layout, RepositoryFolder folder, GitObjectStore packs, ObjectId id) =>
        folder.TryRead(id, packs) ?? throw new SaverException($"repository {layout.Name}: git object {id} is missing");

    /// <summary>
    /// Creates a log (create-only) whose first records are a base and the records carried over,
    /// chained anew, and points the head at it. A log that exists already is left as it is, but
    /// one left empty by a creation that stopped halfway is filled.
    /// </summary>
    private async Task<byte[]> CreateSuccessorAsync(RepositoryLayout layout, string log, RepositoryRefs refs, IReadOnlyList<PackBlobRef> packs,
        IReadOnlyList<LogRecord> carried, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        byte[] check = [];
        foreach (var record in carried.Prepend(LogRecord.Base([.. refs.All], packs)))
        {
            var encoded = record.Encode(check);
            content.Write(encoded);
            check = encoded[^LogRecord.CheckLength..];
        }
        var bytes = content.ToArray();
        try
        {
            await _blobs.CreateAppendBlobAsync(layout.Log(log), BlobConditions.CreateOnly, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobStoreException e) when (e.ErrorCode is BlobErrorCode.BlobAlreadyExists or BlobErrorCode.LeaseIdMissing)
        {
            // There already (and leased by a writer, when refused for want of its lease).
        }
        try
        {
            await _blobs.AppendAsync(layout.Log(log), bytes, new AppendConditions(AppendPosition: 0), cancellationToken).ConfigureAwait(false);
        }
        catch (BlobStoreException e) when (e.ErrorCode is BlobErrorCode.AppendPositionConditionNotMet or BlobErrorCode.LeaseIdMissing)
        {
            // Another instance made it first; theirs says the same. (A writer may already hold
            // its lease, which it takes only once the log has its base: refused for want of it.)
            var made = await _blobs.GetAsync(layout.Log(log), cancellationToken: cancellationToken).ConfigureAwait(false);
            bytes = made!.Content.ToArray();
        }
        await AdvanceHeadAsync(layout, log, packs, cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    /// <summary>
    /// Points the head at <paramref name="log"/> unless it names that log or a later one
    /// already: an instance that completes an older seal late must not take the head back to a
    /// log that clean-up may delete next. Replaced only as read (If-Match), so of two instances
    /// moving it at once, the later log wins.
    /// </summary>
    private async Task AdvanceHeadAsync(RepositoryLayout layout, string log, IReadOnlyList<PackBlobRef> packs, CancellationToken cancellationToken)
    {
        var pointer = HeadPointer.For(log, packs).Encode();
        while (true)
        {
            var current = await _blobs.GetAsync(layout.Head, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (current is not null && HeadPointer.Reaches(current.Content.Span, log)) return;
            try
            {
                await _blobs.PutAsync(layout.Head, pointer, current is null ? BlobConditions.CreateOnly : BlobConditions.Matching(current.Properties.ETag),
                    cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (BlobConditionFailedException e) when (e.ErrorCode is BlobErrorCode.ConditionNotMet or BlobErrorCode.BlobAlreadyExists)
            {
                // Moved meanwhile: look again.
            }
        }
    }

    private Task<PackBlobRef> UploadPackAsync(RepositoryLayout layout, string packPath, CancellationToken cancellationToken) =>
        UploadPackAsync(layout, PackBlob.Encode(File.ReadAllBytes(Path.ChangeExtension(packPath, ".idx")), File.ReadAllBytes(packPath)), cancellationToken);

    /// <summary>Uploads a pack blob (<see cref="PackBlob"/>), named by its pack's checksum.</summary>
    private async Task<PackBlobRef> UploadPackAsync(RepositoryLayout layout, ReadOnlyMemory<byte> blob, CancellationToken cancellationToken)
    {
        var name = RepositoryLayout.PackName(Convert.ToHexStringLower(blob.Span[^20..]));
        try
        {
            await _blobs.PutAsync(layout.Pack(name), blob, BlobConditions.CreateOnly, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobConditionFailedException e) when (e.ErrorCode == BlobErrorCode.BlobAlreadyExists)
        {
            // Named by its content: the same pack is there already.
        }
        return new PackBlobRef(name, blob.Length);
    }

    private static List<(LogRecord Record, int Length, byte[] Check)> Records(ReadOnlyMemory<byte> data, byte[] previousCheck)
    {
        var records = new List<(LogRecord, int, byte[])>();
        var at = 0;
        while (at < data.Length)
        {
            var (record, length, check) = LogRecord.Decode(data.Span[at..], previousCheck);
            records.Add((record, length, check));
            previousCheck = check;
            at += length;
        }
        return records;
    }
}
