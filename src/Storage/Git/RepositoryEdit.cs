using LibGit2Sharp;
using Saver.Storage.Git.Log;

namespace Saver.Storage.Git;

/// <summary>
/// What a change to a repository works on: the repository's objects (new ones are written
/// into its folder as it goes) and its refs as of the state it builds on, with the updates it
/// has made. Nothing it does is visible to anyone until the store has the change.
/// </summary>
public sealed class RepositoryEdit
{
    private readonly RepositoryRefs _start;
    private readonly RepositorySnapshot? _startSnapshot;
    private readonly Dictionary<string, ObjectId> _updates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object> _remembered = new(StringComparer.Ordinal);

    private readonly ObjectOverlay? _overlay;

    internal RepositoryEdit(Repository repository, RepositoryRefs start, RepositorySnapshot? startSnapshot = null, ObjectOverlay? overlay = null)
    {
        Repository = repository;
        _start = start;
        _startSnapshot = startSnapshot;
        _overlay = overlay ?? startSnapshot?.Folder.Overlay;
    }

    public Repository Repository { get; }

    /// <summary>What main points at now, or null in an empty repository.</summary>
    public ObjectId? Main => this[RepositoryRefs.MainBranch];

    public ObjectId? this[string refName] => _updates.TryGetValue(refName, out var updated) ? updated : _start[refName];

    /// <summary>The commit main points at.</summary>
    public Commit Head => Main is { } main && Repository.Lookup<Commit>(main) is { } commit
        ? commit
        : throw new SaverException("the repository has no main branch");

    /// <summary>The commit a tag leads to, or null.</summary>
    public Commit? Resolve(string refName) =>
        this[refName] is { } target
            ? Repository.Lookup(target) switch
            {
                Commit c => c,
                TagAnnotation t => t.Peel<Commit>(),
                _ => null,
            }
            : null;

    /// <summary>
    /// Stores a blob and returns its id. Into the folder's in-memory objects directly when it
    /// has them: the same place libgit2's write would put it (through the overlay backend),
    /// without libgit2 hashing it with its collision-detecting SHA-1 and copying it twice,
    /// which for a long kata's events.json was the one cost of a save that grew with history.
    /// </summary>
    public ObjectId WriteBlob(ObjectBytes content) =>
        _overlay is not null ? _overlay.Add(GitObjectKind.Blob, content) : Repository.ObjectDatabase.Write<Blob>(content.ToArray());

    /// <summary>Stores a blob whose id is being worked out (<see cref="ObjectIdComputation"/>) and returns the id.</summary>
    public ObjectId WriteBlob(ObjectIdComputation blob)
    {
        if (blob.Kind != GitObjectKind.Blob) throw new ArgumentException($"a {blob.Kind}, not a blob", nameof(blob));
        if (_overlay is null) return Repository.ObjectDatabase.Write<Blob>(blob.Data.ToArray());
        _overlay.Add(blob.Id, new RawObject(GitObjectKind.Blob, blob.Data));
        return blob.Id;
    }

    /// <summary>Points a ref at an object; a ref that exists is refused unless <paramref name="overwrite"/>.</summary>
    public void SetRef(string refName, ObjectId target, bool overwrite = true)
    {
        if (!overwrite && this[refName] is not null) throw new SaverException($"ref {refName} exists already");
        _updates[refName] = target;
    }

    /// <summary>
    /// A value derived from the state this edit starts from, computed once per state (see
    /// <see cref="RepositorySnapshot.Memo{T}"/>); in a new repository, computed each time.
    /// </summary>
    public T StartMemo<T>(string key, Func<T> compute) where T : class =>
        _startSnapshot is null ? compute() : _startSnapshot.Memo(key, _ => compute());

    /// <summary>
    /// Records a value derived from the state this edit makes, so that state's memo starts
    /// with it once stored (the next edit then need not derive it again). It must be immutable.
    /// </summary>
    public void Remember(string key, object value) => _remembered[key] = value;

    internal IReadOnlyDictionary<string, object> Remembered => _remembered;

    /// <summary>The refs set, in the order git sorts them.</summary>
    public IReadOnlyList<LogRef> Updates => [.. _updates.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => new LogRef(u.Key, u.Value))];

    internal RepositoryRefs Start => _start;
}
