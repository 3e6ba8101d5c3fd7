using LibGit2Sharp;
using Saver.Storage.Blobs;

namespace Saver.Storage.Git;

/// <summary>
/// A read-only repository exactly as its blob was at one ETag. Keep it only while reading:
/// disposing it lets the cache delete the copy once a newer one exists.
/// </summary>
public sealed class RepositorySnapshot : IDisposable
{
    private readonly RepositorySnapshotCache.Entry _entry;
    private int _disposed;

    internal RepositorySnapshot(RepositorySnapshotCache.Entry entry) => _entry = entry;

    public string BlobName => _entry.BlobName;

    public ETag ETag => _entry.ETag;

    /// <summary>The bare repository's folder. Never write to it.</summary>
    public string GitDirectory => _entry.Folder;

    /// <summary>
    /// Opens the repository. LibGit2Sharp repositories are not thread-safe, so each reader
    /// opens its own and disposes it.
    /// </summary>
    public Repository Open()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return new Repository(GitDirectory);
    }

    /// <summary>
    /// A value computed once per snapshot (for example parsed events): snapshots never
    /// change, so whatever is derived from one stays true for it. The value must be immutable.
    /// </summary>
    public T Memo<T>(string key, Func<RepositorySnapshot, T> compute) where T : class =>
        (T)_entry.Memo.GetOrAdd(key, _ => compute(this));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _entry.Release();
    }
}
