using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Saver.Storage.Blobs;

namespace Saver.Storage.Git;

/// <summary>
/// Local, read-only copies of repository blobs, one per blob at the ETag last seen, so that
/// a read whose blob has not changed costs one conditional GET answered 304 and no unpacking.
/// A copy is never modified; a newer ETag gets a new folder, and an old folder is deleted once
/// the last reader using it lets go. The least recently used copies beyond the capacity go too.
/// </summary>
public sealed class RepositorySnapshotCache : IDisposable
{
    private readonly string _root;
    private readonly int _capacity;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _current = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private bool _disposed;

    public RepositorySnapshotCache(string root, int capacity, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _root = Path.GetFullPath(root);
        _capacity = capacity;
        _logger = logger;
        Directory.CreateDirectory(_root);
    }

    /// <summary>The folder under which workspaces should be made, on the same disk as the snapshots.</summary>
    public string WorkRoot
    {
        get
        {
            var work = Path.Combine(_root, "work");
            Directory.CreateDirectory(work);
            return work;
        }
    }

    /// <summary>The current copy of a blob, if there is one. The caller disposes it.</summary>
    public RepositorySnapshot? TryGet(string blobName)
    {
        lock (_gate)
        {
            if (!_current.TryGetValue(blobName, out var entry)) return null;
            Touch(entry);
            return entry.Acquire();
        }
    }

    /// <summary>
    /// Unpacks an archive of a blob at an ETag and makes it the blob's current copy (unless a
    /// copy at the same ETag is already there, which is then returned instead).
    /// </summary>
    /// <exception cref="InvalidDataException">The archive is corrupt.</exception>
    public RepositorySnapshot Adopt(string blobName, ETag etag, ReadOnlyMemory<byte> archive)
    {
        lock (_gate)
        {
            if (_current.TryGetValue(blobName, out var existing) && existing.ETag == etag)
            {
                Touch(existing);
                return existing.Acquire();
            }
        }

        var folder = Path.Combine(_root, "snapshots", Guid.NewGuid().ToString("N"));
        try
        {
            RepositoryArchive.Extract(archive, folder);
        }
        catch
        {
            DeleteFolder(folder);
            throw;
        }

        var entry = new Entry(this, blobName, etag, folder);
        var evicted = new List<Entry>();
        RepositorySnapshot result;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_current.TryGetValue(blobName, out var previous))
            {
                if (previous.ETag == etag)
                {
                    // Another reader unpacked the same state first; keep theirs.
                    Touch(previous);
                    evicted.Add(entry);
                    result = previous.Acquire();
                    goto done;
                }
                Retire(previous, evicted);
            }
            _current[blobName] = entry;
            entry.Node = _recency.AddFirst(entry);
            result = entry.Acquire();
            while (_current.Count > _capacity && _recency.Last is { } oldest && oldest.Value != entry)
                Retire(oldest.Value, evicted);
        }
        done:
        foreach (var e in evicted) e.ReleaseIfIdle();
        return result;
    }

    /// <summary>Forgets a blob's copy (the blob was deleted, or is known to have changed).</summary>
    public void Forget(string blobName)
    {
        Entry? entry;
        lock (_gate)
        {
            if (!_current.TryGetValue(blobName, out entry)) return;
            var evicted = new List<Entry>();
            Retire(entry, evicted);
        }
        entry.ReleaseIfIdle();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var entry in _current.Values.ToList()) Retire(entry, []);
        }
        DeleteFolder(Path.Combine(_root, "snapshots"));
        DeleteFolder(Path.Combine(_root, "work"));
    }

    private void Touch(Entry entry)
    {
        if (entry.Node is null) return;
        _recency.Remove(entry.Node);
        _recency.AddFirst(entry.Node);
    }

    private void Retire(Entry entry, List<Entry> evicted)
    {
        if (entry.Node is not null)
        {
            _recency.Remove(entry.Node);
            entry.Node = null;
        }
        if (_current.TryGetValue(entry.BlobName, out var current) && ReferenceEquals(current, entry))
            _current.Remove(entry.BlobName);
        entry.Retired = true;
        evicted.Add(entry);
    }

    private void DeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "Could not delete cached repository folder {Folder}", folder);
        }
    }

    /// <summary>One unpacked copy, with a count of the readers using it.</summary>
    internal sealed class Entry(RepositorySnapshotCache cache, string blobName, ETag etag, string folder)
    {
        private int _users;
        private int _deleted;

        public string BlobName { get; } = blobName;
        public ETag ETag { get; } = etag;
        public string Folder { get; } = folder;
        public LinkedListNode<Entry>? Node { get; set; }
        public volatile bool Retired;
        public ConcurrentDictionary<string, object> Memo { get; } = new(StringComparer.Ordinal);

        public RepositorySnapshot Acquire()
        {
            Interlocked.Increment(ref _users);
            return new RepositorySnapshot(this);
        }

        public void Release()
        {
            if (Interlocked.Decrement(ref _users) == 0) ReleaseIfIdle();
        }

        public void ReleaseIfIdle()
        {
            if (Retired && Volatile.Read(ref _users) == 0 && Interlocked.Exchange(ref _deleted, 1) == 0)
                cache.DeleteFolder(Folder);
        }
    }
}
