using System.Collections.Immutable;
using LibGit2Sharp;
using Saver.Storage.Blobs;
using Saver.Storage.Git.Log;

namespace Saver.Storage.Git;

/// <summary>
/// One state of a stored repository, as far as a reader has read it: which log, how far
/// into it, the check of the last record read, and the refs. The objects live in the
/// repository's folder in the cache; the refs live here, so a state never changes and
/// readers of one state and writers of the next share the folder.
/// </summary>
public sealed record RepositoryState
{
    /// <summary>The current log, or null for a repository still in the single-blob form.</summary>
    public string? Log { get; init; }

    /// <summary>Bytes of <see cref="Log"/> applied.</summary>
    public long Position { get; init; }

    /// <summary>The check of the last record applied (empty before any).</summary>
    public byte[] Check { get; init; } = [];

    public required RepositoryRefs Refs { get; init; }

    /// <summary>The pack blobs of the current log's base.</summary>
    public IReadOnlyList<PackBlobRef> BasePacks { get; init; } = [];

    /// <summary>What main pointed at in the current log's base (null when the log has no base: the first log).</summary>
    public LibGit2Sharp.ObjectId? BaseMain { get; init; }

    /// <summary>Every pack blob the current log names (its base's, and those of changes too large to append).</summary>
    public IReadOnlyList<PackBlobRef> LogPackBlobs { get; init; } = [];

    /// <summary>Change records since the base: what maintenance would pack.</summary>
    public int TailRecords { get; init; }

    /// <summary>
    /// The bytes the tail's inline change records hold, each object whole: what a reader new to
    /// the log rebuilds and hashes. A long kata's save brings two whole events.json versions.
    /// </summary>
    public long TailObjectBytes { get; init; }

    /// <summary>Where the tail starts in the log (just past the base record, or 0).</summary>
    public long TailStart { get; init; }

    /// <summary>The seal record when the log has one: it goes on in another.</summary>
    public LogRecord? Seal { get; init; }

    /// <summary>For the single-blob form: the ETag of the blob this state is.</summary>
    public ETag? SingleBlobETag { get; init; }

    /// <summary>The ETag the store answered for a log at a length, from the append or read that ended there.</summary>
    public LogVersion? Seen { get; init; }

    /// <summary>
    /// The current log's ETag as it was when this state had read exactly to its end, or null
    /// when not known. Held apart from <see cref="Position"/>, so a state moved on without a
    /// new ETag simply has none: it can never pair a position with another length's ETag.
    /// </summary>
    public ETag? LogETag => Seen is { } seen && seen.Log == Log && seen.Length == Position ? seen.ETag : null;

    /// <summary>This state, knowing that the store gave its log <paramref name="etag"/> when it ended where this state ends.</summary>
    public RepositoryState EndingAt(ETag? etag) => etag is { } known && Log is { } log ? this with { Seen = new LogVersion(log, Position, known) } : this;

    public bool IsSingleBlob => Log is null;
}

/// <summary>A log's ETag when it was <paramref name="Length"/> bytes long.</summary>
public sealed record LogVersion(string Log, long Length, ETag ETag);

/// <summary>A repository's refs: each name's target, immutable, so states can share them.</summary>
public sealed class RepositoryRefs
{
    public const string MainBranch = "refs/heads/main";

    public static RepositoryRefs Empty { get; } = new(ImmutableDictionary<string, ObjectId>.Empty.WithComparers(StringComparer.Ordinal));

    private readonly ImmutableDictionary<string, ObjectId> _refs;

    private RepositoryRefs(ImmutableDictionary<string, ObjectId> refs) => _refs = refs;

    public static RepositoryRefs From(IEnumerable<LogRef> refs) => Empty.With(refs);

    public int Count => _refs.Count;

    /// <summary>What main points at, or null before the first commit.</summary>
    public ObjectId? Main => _refs.GetValueOrDefault(MainBranch);

    public ObjectId? this[string name] => _refs.GetValueOrDefault(name);

    public RepositoryRefs With(IEnumerable<LogRef> updates)
    {
        var builder = _refs.ToBuilder();
        foreach (var (name, target) in updates) builder[name] = target;
        return new RepositoryRefs(builder.ToImmutable());
    }

    /// <summary>Whether both name the same targets (a state carried into the next log by maintenance does).</summary>
    public bool SameAs(RepositoryRefs other) =>
        ReferenceEquals(_refs, other._refs)
        || (_refs.Count == other._refs.Count && Main == other.Main
            && _refs.All(r => other._refs.TryGetValue(r.Key, out var target) && target == r.Value));

    /// <summary>Every ref, sorted by name as git sorts them.</summary>
    public IEnumerable<LogRef> All => _refs.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new LogRef(r.Key, r.Value));
}
