using System.Collections.Concurrent;
using LibGit2Sharp;

namespace Saver.Storage.Git;

/// <summary>
/// A repository exactly as it was in one state: its refs, and the folder of its objects.
/// Keep it only while reading: disposing it lets the cache delete the folder once nothing
/// else uses it.
/// </summary>
public sealed class RepositorySnapshot : IDisposable
{
    private readonly RepositoryFolder _folder;
    private readonly ConcurrentDictionary<string, object> _memo;
    private int _disposed;

    internal RepositorySnapshot(string name, RepositoryFolder folder, RepositoryState state, ConcurrentDictionary<string, object> memo)
    {
        Name = name;
        _folder = folder;
        State = state;
        _memo = memo;
    }

    /// <summary>The repository's name (a kata's is its prefix, katas/Ab/Cd/Ef/).</summary>
    public string Name { get; }

    public RepositoryState State { get; }

    public RepositoryRefs Refs => State.Refs;

    internal RepositoryFolder Folder => _folder;

    /// <summary>The bare repository's folder. Never write to it; its refs are not this state's (see <see cref="Refs"/>).</summary>
    public string GitDirectory => _folder.GitDirectory;

    /// <summary>
    /// Opens the repository's objects. LibGit2Sharp repositories are not thread-safe, so each
    /// reader opens its own and disposes it. Find commits through <see cref="Head"/> and
    /// <see cref="Tagged"/>, not the repository's refs.
    /// </summary>
    public Repository Open()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _folder.Open();
    }

    /// <summary>The commit main points at in this state.</summary>
    public Commit Head(Repository repo) =>
        Refs.Main is { } main && repo.Lookup<Commit>(main) is { } commit
            ? commit
            : throw new SaverException($"repository {Name} has no main branch");

    /// <summary>The commit a ref (a tag, peeled if annotated) leads to in this state, or null.</summary>
    public Commit? Resolve(Repository repo, string refName) =>
        Refs[refName] is { } target
            ? repo.Lookup(target) switch
            {
                Commit c => c,
                TagAnnotation t => t.Peel<Commit>(),
                _ => null,
            }
            : null;

    /// <summary>The commit tag <paramref name="index"/> points at, or null.</summary>
    public Commit? Tagged(Repository repo, int index) =>
        Resolve(repo, "refs/tags/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// A value computed once per state (for example parsed events): states never change, so
    /// whatever is derived from one stays true for it. The value must be immutable.
    /// </summary>
    public T Memo<T>(string key, Func<RepositorySnapshot, T> compute) where T : class =>
        (T)_memo.GetOrAdd(key, _ => compute(this));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _folder.Release();
    }
}
