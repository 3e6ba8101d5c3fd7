using System.Text;
using LibGit2Sharp;
using Saver.Storage.Blobs;
using Saver.Storage.Git.Log;
using Saver.Storage.Git.Packs;

namespace Saver.Storage.Git;

/// <summary>
/// Reads repositories from the store into cache folders: a cold load in two round trips (the
/// head pointer, then the log and the base's pack blobs at once), and a catch-up in one (the
/// log from the last record this instance read, that record's check included, so a log that
/// went back or was replaced shows). Records are applied in order: a base sets every ref, a
/// change moves some and indexes its (thin) pack into the folder, a seal leads to the next log.
/// </summary>
internal sealed class RepositoryLoader(IBlobStore blobs, RepositoryCache cache)
{
    /// <summary>A fresh folder and state from the store, or null when there is no such repository.</summary>
    public async Task<(RepositoryFolder Folder, RepositoryState State)?> LoadAsync(RepositoryLayout layout, CancellationToken cancellationToken)
    {
        string? missing = null;
        while (true)
        {
            var headBlob = await blobs.GetAsync(layout.Head, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (headBlob is null) return await LoadWithoutHeadAsync(layout, cancellationToken).ConfigureAwait(false);
            var head = HeadPointer.Decode(headBlob.Content.Span);
            if (head.Log == missing)
            {
                // The head still names a log that is gone: one left behind (by an earlier version,
                // which could move it back). The newest log that is there says everything.
                return await LoadNewestLogAsync(layout, layout.LogFolder(head.Log), cancellationToken).ConfigureAwait(false)
                    ?? throw new SaverException($"repository {layout.Name}: its head names {head.Log}, which is not there, and it has no other log");
            }
            // The log and the base's packs at once: the second round trip. The log, the longer
            // wait, is asked for before the folder is made (directories and files on disk).
            var log = blobs.GetAsync(layout.Log(head.Log), cancellationToken: cancellationToken);
            var loaded = await LoadFolderAsync(layout, head.Log, async folder =>
            {
                var packs = FetchPacksAsync(layout, folder, head.PackBlobs, cancellationToken);
                if (await log.ConfigureAwait(false) is not { } found)
                {
                    try
                    {
                        await packs.ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is BlobStoreException or SaverException or IOException)
                    {
                        // Gone, and its packs may be too: what fetching them came to does not matter.
                    }
                    return null;
                }
                await packs.ConfigureAwait(false);
                return found;
            }, cancellationToken).ConfigureAwait(false);
            if (loaded is not null) return loaded;
            // Maintenance moved on twice between reading the head and the log, and deleted the
            // log: the head names a later one by now.
            missing = head.Log;
        }
    }

    /// <summary>The repository from the newest log in <paramref name="logFolder"/> that has records, or null when it has none.</summary>
    private async Task<(RepositoryFolder Folder, RepositoryState State)?> LoadNewestLogAsync(RepositoryLayout layout, string logFolder,
        CancellationToken cancellationToken)
    {
        var logs = new List<BlobItem>();
        await foreach (var item in blobs.ListAsync(logFolder + "log.", cancellationToken).ConfigureAwait(false))
            if (item.Length > 0) logs.Add(item);
        foreach (var item in logs.OrderByDescending(i => RepositoryLayout.Generation(i.Name)))
        {
            var log = layout.LogNamed(item.Name);
            var loaded = await LoadFolderAsync(layout, log,
                _ => blobs.GetAsync(layout.Log(log), cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
            if (loaded is not null) return loaded;
        }
        return null;
    }

    /// <summary>
    /// A fresh folder with <paramref name="log"/> applied from its start (the blob as
    /// <paramref name="fetch"/> gives it) and its seals followed; the folder is discarded if
    /// anything fails.
    /// </summary>
    private async Task<(RepositoryFolder Folder, RepositoryState State)?> LoadFolderAsync(RepositoryLayout layout, string log,
        Func<RepositoryFolder, Task<BlobDownload?>> fetch, CancellationToken cancellationToken)
    {
        var folder = cache.NewFolder();
        try
        {
            if (await fetch(folder).ConfigureAwait(false) is not { } blob)
            {
                folder.Discard();
                return null;
            }
            var state = (await ApplyAsync(layout, folder, Start(log), blob.Content, baseObjectsHere: false, cancellationToken).ConfigureAwait(false))
                .EndingAt(blob.Properties.ETag);
            state = await FollowSealsAsync(layout, folder, state, cancellationToken).ConfigureAwait(false);
            folder.Measure();
            return (folder, state);
        }
        catch
        {
            folder.Discard();
            throw;
        }
    }

    /// <summary>What a catch-up found.</summary>
    public enum Outcome { Current, Advanced, Gone, WentBack }

    /// <summary>
    /// Brings a state up to date in the same folder. When the state knows its log's ETag, one
    /// properties call settles the usual case, nothing appended, without reading the log (on
    /// Azurite it costs half a ranged read); otherwise, or when the log changed, one ranged
    /// read fetches what was appended (more only when the log was sealed meanwhile).
    /// <see cref="Outcome.Gone"/>: the log is no longer there (maintenance moved on twice);
    /// load afresh. <see cref="Outcome.WentBack"/>: the store no longer holds what this state
    /// read. <see cref="Outcome.Current"/> may still come with a state that knows more (its
    /// log's ETag).
    /// </summary>
    /// <param name="grown">The caller knows the log grew (an append found it longer): skip the properties call.</param>
    /// <param name="listed">The log's ETag as a listing moments ago gave it, if it did: that was the properties call.</param>
    public async Task<(Outcome Outcome, RepositoryState State, string? Why)> CatchUpAsync(RepositoryLayout layout, RepositoryFolder folder,
        RepositoryState state, CancellationToken cancellationToken, bool grown = false, LogListing? listed = null)
    {
        if (state.IsSingleBlob) return await CatchUpSingleBlobAsync(layout, state, cancellationToken).ConfigureAwait(false);
        if (state.Seal is not null)
        {
            var followed = await FollowSealsAsync(layout, folder, state, cancellationToken).ConfigureAwait(false);
            if (await WentOnPastAsync(layout, followed, cancellationToken).ConfigureAwait(false)) return (Outcome.Gone, state, null);
            return (ReferenceEquals(followed, state) ? Outcome.Current : Outcome.Advanced, followed, null);
        }
        var log = layout.Log(state.Log!);
        if (!grown && state.LogETag is { } known)
        {
            // Any append, and any rewrite (a restore, an emulator that lost writes), gives the log a
            // new ETag: the same ETag is the same bytes. (Anything else that changed it, a lease
            // say, only costs the ranged read below.)
            var etag = listed?.ETagOf(log);
            if (etag is null)
            {
                var properties = await blobs.GetPropertiesAsync(log, cancellationToken).ConfigureAwait(false);
                if (properties is null) return (Outcome.Gone, state, null);
                etag = properties.ETag;
            }
            if (etag == known) return (Outcome.Current, state, null);
        }
        var overlap = Math.Min(state.Position, LogRecord.CheckLength);
        var range = await blobs.GetRangeAsync(log, state.Position - overlap, cancellationToken).ConfigureAwait(false);
        if (range is null) return (Outcome.Gone, state, null);
        var content = range.Content;
        if (overlap > 0)
        {
            if (content.Length < overlap)
                return (Outcome.WentBack, state, $"{state.Log} is shorter than the {state.Position} bytes this instance read");
            if (!content.Span[..(int)overlap].SequenceEqual(state.Check.AsSpan(state.Check.Length - (int)overlap)))
                return (Outcome.WentBack, state, $"{state.Log} no longer holds the record this instance read at byte {state.Position - overlap}");
        }
        var records = content[(int)overlap..];
        if (records.Length == 0) return (Outcome.Current, state.LogETag == range.ETag ? state : state.EndingAt(range.ETag), null);
        var advanced = (await ApplyAsync(layout, folder, state, records, baseObjectsHere: false, cancellationToken).ConfigureAwait(false))
            .EndingAt(range.ETag);
        advanced = await FollowSealsAsync(layout, folder, advanced, cancellationToken).ConfigureAwait(false);
        if (await WentOnPastAsync(layout, advanced, cancellationToken).ConfigureAwait(false)) return (Outcome.Gone, state, null);
        return (Outcome.Advanced, advanced, null);
    }

    /// <summary>
    /// Whether a state left on a sealed log, its next log not there, is behind a repository
    /// that went on past that log (made it, and deleted it since). Otherwise the next log is
    /// still being made, and the sealed state is the whole history.
    /// </summary>
    private async Task<bool> WentOnPastAsync(RepositoryLayout layout, RepositoryState state, CancellationToken cancellationToken) =>
        state.Seal?.NextLog is { } next && await HeadHasReachedAsync(layout, next, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Whether the head names <paramref name="log"/> or a later log: that log was made, and may
    /// have been deleted since. The head only moves forward, so this holds for good once it does.
    /// </summary>
    public async Task<bool> HeadHasReachedAsync(RepositoryLayout layout, string log, CancellationToken cancellationToken) =>
        await blobs.GetAsync(layout.Head, cancellationToken: cancellationToken).ConfigureAwait(false) is { } head
        && HeadPointer.Reaches(head.Content.Span, log);

    /// <summary>
    /// Applies log records that follow <paramref name="state"/>. With
    /// <paramref name="baseObjectsHere"/> the folder already has every object a base record
    /// names (the log continues a sealed one this instance read to its end), so the base's
    /// pack blobs are not fetched.
    /// </summary>
    public async Task<RepositoryState> ApplyAsync(RepositoryLayout layout, RepositoryFolder folder, RepositoryState state,
        ReadOnlyMemory<byte> records, bool baseObjectsHere, CancellationToken cancellationToken)
    {
        GitObjectStore? objects = null;
        try
        {
            var at = 0;
            while (at < records.Length)
            {
                var (record, length, check) = LogRecord.Decode(records.Span[at..], state.Check);
                state = record.Kind switch
                {
                    LogRecordKind.Base => state with
                    {
                        Refs = RepositoryRefs.From(record.Refs),
                        BasePacks = record.PackBlobs,
                        BaseMain = RepositoryRefs.From(record.Refs).Main,
                        LogPackBlobs = record.PackBlobs,
                        TailRecords = 0,
                        TailObjectBytes = 0,
                        TailStart = state.Position + length,
                    },
                    LogRecordKind.Change => state with
                    {
                        Refs = state.Refs.With(record.Refs),
                        TailRecords = state.TailRecords + 1,
                        LogPackBlobs = record.PackBlobs.Count == 0 ? state.LogPackBlobs : [.. state.LogPackBlobs, .. record.PackBlobs],
                    },
                    LogRecordKind.Seal => state with { Seal = record },
                    _ => throw new InvalidDataException($"unknown record kind {record.Kind}"),
                };
                if (record.Kind == LogRecordKind.Base && !baseObjectsHere)
                {
                    await FetchPacksAsync(layout, folder, record.PackBlobs, cancellationToken).ConfigureAwait(false);
                }
                else if (record.Kind == LogRecordKind.Change && record.PackBlobs.Count > 0)
                {
                    await FetchPacksAsync(layout, folder, record.PackBlobs, cancellationToken).ConfigureAwait(false);
                }
                else if (record.Kind == LogRecordKind.Change)
                {
                    // Its objects, whole, into memory (a record read twice, carried over into the
                    // next log, adds nothing new).
                    objects ??= GitObjectStore.Open(folder.GitDirectory);
                    var packs = objects;
                    var objectBytes = 0L;
                    foreach (var (id, raw) in PackReader.Read(record.InlinePack.Span, id => folder.TryRead(id, packs)))
                    {
                        folder.Overlay.Add(id, raw);
                        objectBytes += raw.Data.Length;
                    }
                    state = state with { TailObjectBytes = state.TailObjectBytes + objectBytes };
                }
                state = state with { Position = state.Position + length, Check = check };
                at += length;
            }
            return state;
        }
        finally
        {
            objects?.Dispose();
        }
    }

    /// <summary>
    /// Follows a sealed log into the next one, whose objects this folder already has. When the
    /// next log is not there yet (maintenance stopped between the seal and making it), the state
    /// stays on the sealed log: it is complete, and the next writer makes the next log.
    /// </summary>
    public async Task<RepositoryState> FollowSealsAsync(RepositoryLayout layout, RepositoryFolder folder, RepositoryState state,
        CancellationToken cancellationToken)
    {
        while (state.Seal is { NextLog: { } next })
        {
            var log = await blobs.GetAsync(layout.Log(next), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (log is null || log.Content.Length == 0) return state;
            var continued = Start(next) with { Refs = state.Refs, BaseMain = state.BaseMain };
            state = (await ApplyAsync(layout, folder, continued, log.Content, baseObjectsHere: true, cancellationToken).ConfigureAwait(false))
                .EndingAt(log.Properties.ETag);
        }
        return state;
    }

    /// <summary>Writes into the folder each pack blob it lacks, fetched all at once.</summary>
    public async Task FetchPacksAsync(RepositoryLayout layout, RepositoryFolder folder, IReadOnlyList<PackBlobRef> packs,
        CancellationToken cancellationToken)
    {
        var packFolder = Path.Combine(folder.GitDirectory, "objects", "pack");
        var missing = packs.Where(p => !File.Exists(Path.Combine(packFolder, p.Name + ".idx"))).ToList();
        var fetched = await Task.WhenAll(missing.Select(p => blobs.GetAsync(layout.Pack(p.Name), cancellationToken: cancellationToken)))
            .ConfigureAwait(false);
        for (var i = 0; i < missing.Count; i++)
        {
            var blob = fetched[i] ?? throw new SaverException($"repository {layout.Name}: pack blob {missing[i].Name} is missing");
            PackBlob.Extract(blob.Content.Span, packFolder);
            folder.AddBytes(blob.Content.Length);
        }
    }

    public static RepositoryState Start(string log) => new() { Log = log, Refs = RepositoryRefs.Empty };

    /// <summary>
    /// No head pointer: a repository in the single-blob form, or one whose creation stopped
    /// before its head was written (its first log says all), or none.
    /// </summary>
    private async Task<(RepositoryFolder, RepositoryState)?> LoadWithoutHeadAsync(RepositoryLayout layout, CancellationToken cancellationToken)
    {
        var single = await blobs.GetAsync(layout.SingleBlob, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (single is not null) return LoadSingleBlob(single);
        var first = await blobs.GetAsync(layout.Log(RepositoryLayout.FirstLog), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (first is null || first.Content.Length == 0) return null;
        return await LoadFolderAsync(layout, RepositoryLayout.FirstLog, _ => Task.FromResult<BlobDownload?>(first), cancellationToken)
            .ConfigureAwait(false);
    }

    private (RepositoryFolder, RepositoryState) LoadSingleBlob(BlobDownload blob)
    {
        var folder = cache.NewFolder();
        try
        {
            RepositoryArchive.Extract(blob.Content, folder.GitDirectory);
            folder.Measure();
            var (packed, _) = RepositoryArchive.ParsePackedRefs(File.ReadAllText(Path.Combine(folder.GitDirectory, "packed-refs"), Encoding.UTF8));
            var refs = RepositoryRefs.From(packed.Select(r => new LogRef(r.Name, new ObjectId(r.Target))));
            return (folder, new RepositoryState { Refs = refs, SingleBlobETag = blob.Properties.ETag });
        }
        catch
        {
            folder.Discard();
            throw;
        }
    }

    private async Task<(Outcome, RepositoryState, string?)> CatchUpSingleBlobAsync(RepositoryLayout layout, RepositoryState state,
        CancellationToken cancellationToken)
    {
        var properties = await blobs.GetPropertiesAsync(layout.SingleBlob, cancellationToken).ConfigureAwait(false);
        // Converted to logs, or replaced: either way a fresh load reads what is there now.
        return properties is not null && properties.ETag == state.SingleBlobETag
            ? (Outcome.Current, state, null)
            : (Outcome.Gone, state, null);
    }
}
