using System.Collections.Immutable;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Saver.Storage.Git;

/// <summary>
/// This instance's copies of stored repositories: per repository, a folder of its objects (a
/// bare git repository without refs) and the state last read or written, whose refs say which
/// of those objects count. A newer state of the same repository shares the folder (objects are
/// only ever added), so catching up costs what changed. A folder is deleted once no state and no
/// reader uses it. The least recently used repositories go when the folders together pass the
/// capacity in bytes.
/// </summary>
public sealed class RepositoryCache : IDisposable
{
    private const string BareHead = "ref: refs/heads/main\n";
    private const string BareConfig = "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n";

    private readonly string _root;
    private readonly long _capacityBytes;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _current = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private readonly LoadedPacks _loadedPacks;
    private bool _disposed;

    /// <param name="packsLoadedFor">How many repositories' packs to keep loaded in libgit2 between requests (<see cref="LoadedPacks"/>).</param>
    public RepositoryCache(string root, long capacityBytes, ILogger logger, int packsLoadedFor = DefaultPacksLoadedFor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityBytes, 1);
        _root = Path.GetFullPath(root);
        _capacityBytes = capacityBytes;
        _logger = logger;
        _loadedPacks = new LoadedPacks(packsLoadedFor);
        Directory.CreateDirectory(Path.Combine(_root, "repositories"));
    }

    /// <summary>The repositories whose packs stay loaded, by default: a file open per pack read, a few per repository.</summary>
    public const int DefaultPacksLoadedFor = 32;

    /// <summary>How many repositories' packs are kept loaded now.</summary>
    public int RepositoriesWithPacksLoaded => _loadedPacks.Count;

    /// <summary>The folder under which work folders should be made, on the same disk as the repositories.</summary>
    public string WorkRoot
    {
        get
        {
            var work = Path.Combine(_root, "work");
            Directory.CreateDirectory(work);
            return work;
        }
    }

    /// <summary>The bytes of the repositories held now.</summary>
    public long Bytes
    {
        get { lock (_gate) return HeldBytes(); }
    }

    /// <summary>How many repositories are held now.</summary>
    public int Count
    {
        get { lock (_gate) return _current.Count; }
    }

    /// <summary>The current state of a repository, and its folder, if held; the caller disposes the snapshot.</summary>
    public RepositorySnapshot? TryGet(string name)
    {
        lock (_gate)
        {
            if (!_current.TryGetValue(name, out var entry)) return null;
            Touch(entry);
            return entry.Acquire();
        }
    }

    /// <summary>A new, empty folder for a repository (a bare repository with no refs).</summary>
    public RepositoryFolder NewFolder()
    {
        var path = Path.Combine(_root, "repositories", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(path, "objects", "pack"));
        Directory.CreateDirectory(Path.Combine(path, "refs", "heads"));
        Directory.CreateDirectory(Path.Combine(path, "refs", "tags"));
        File.WriteAllText(Path.Combine(path, "HEAD"), BareHead);
        File.WriteAllText(Path.Combine(path, "config"), BareConfig);
        return new RepositoryFolder(this, path);
    }

    /// <summary>
    /// Makes <paramref name="state"/>, whose objects are in <paramref name="folder"/>, the
    /// repository's current state, unless the state held is further on in the same log
    /// (a slower reader must not take the repository back); returns the current one.
    /// </summary>
    /// <param name="memo">Values already known of the state (see <see cref="RepositoryEdit.Remember"/>).</param>
    public RepositorySnapshot Install(string name, RepositoryFolder folder, RepositoryState state,
        IReadOnlyDictionary<string, object>? memo = null)
    {
        var evicted = new List<Entry>();
        RepositorySnapshot result;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_current.TryGetValue(name, out var held) && IsAhead(held.State, state))
            {
                Touch(held);
                return held.Acquire();
            }
            var entry = new Entry(name, folder, state);
            // What was derived from the held state holds for one with the same refs (the same
            // history carried into the next log): a long kata's events are not parsed again.
            if (memo is null && held is not null && held.State.Refs.SameAs(state.Refs)) memo = held.Memo;
            foreach (var (key, value) in memo ?? ImmutableDictionary<string, object>.Empty) entry.Memo[key] = value;
            if (held is not null) Retire(held, evicted);
            _current[name] = entry;
            entry.Node = _recency.AddFirst(entry);
            result = entry.Acquire();
            var bytes = HeldBytes();
            while (bytes > _capacityBytes && _recency.Last is { } oldest && oldest.Value != entry)
            {
                bytes -= oldest.Value.Folder.Bytes;
                Retire(oldest.Value, evicted);
            }
        }
        foreach (var e in evicted) e.Folder.Release();
        return result;
    }

    /// <summary>Forgets a repository (it was deleted, or went back in the store); its folder goes once unused.</summary>
    public void Forget(string name)
    {
        Entry? entry;
        lock (_gate)
        {
            if (!_current.TryGetValue(name, out entry)) return;
            Retire(entry, []);
        }
        entry.Folder.Release();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _current.Clear();
            _recency.Clear();
        }
        _loadedPacks.Dispose();
        DeleteFolder(Path.Combine(_root, "repositories"));
        DeleteFolder(Path.Combine(_root, "work"));
    }

    /// <summary>
    /// The bytes of the current entries' folders. Each repository has its own folder (states of
    /// one repository share it, but only one of them is current), so no folder counts twice.
    /// A loop, not a query: it runs on every install, over every repository held.
    /// </summary>
    private long HeldBytes()
    {
        long bytes = 0;
        foreach (var entry in _current.Values) bytes += entry.Folder.Bytes;
        return bytes;
    }

    /// <summary>Whether <paramref name="held"/> is further on than <paramref name="offered"/>: in the same log, or in a later one (which goes on from it).</summary>
    private static bool IsAhead(RepositoryState held, RepositoryState offered) =>
        held.Log is not null && offered.Log is not null
        && (RepositoryLayout.Generation(held.Log) > RepositoryLayout.Generation(offered.Log)
            || (held.Log == offered.Log && held.Position > offered.Position));

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
        if (_current.TryGetValue(entry.Name, out var current) && ReferenceEquals(current, entry)) _current.Remove(entry.Name);
        evicted.Add(entry);
    }

    internal void HoldPacks(RepositoryFolder folder) => _loadedPacks.Hold(folder);

    /// <summary>Deletes a folder no one uses any more.</summary>
    internal void Delete(RepositoryFolder folder)
    {
        _loadedPacks.Release(folder);
        DeleteFolder(folder.GitDirectory);
    }

    private void DeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Gone already (the cache's own folder was removed with it at shutdown): as wanted.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "Could not delete cached repository folder {Folder}", folder);
        }
    }

    /// <summary>One state held as current: it keeps its folder in use until retired.</summary>
    private sealed class Entry
    {
        public Entry(string name, RepositoryFolder folder, RepositoryState state)
        {
            Name = name;
            Folder = folder;
            State = state;
            folder.AddUser();
        }

        public string Name { get; }
        public RepositoryFolder Folder { get; }
        public RepositoryState State { get; }
        public LinkedListNode<Entry>? Node { get; set; }
        public ConcurrentDictionary<string, object> Memo { get; } = new(StringComparer.Ordinal);

        public RepositorySnapshot Acquire()
        {
            Folder.AddUser();
            return new RepositorySnapshot(Name, Folder, State, Memo);
        }
    }
}

/// <summary>
/// A repository's objects, shared by the states that use it: packs on disk and, in memory,
/// the <see cref="ObjectOverlay"/> of objects written or read from the log since. Objects are
/// only ever added, never removed, so every state's readers find theirs. The folder is deleted
/// when its last user lets go.
/// </summary>
public sealed class RepositoryFolder
{
    private readonly RepositoryCache _cache;
    private int _users;
    private long _bytes;

    internal RepositoryFolder(RepositoryCache cache, string gitDirectory)
    {
        _cache = cache;
        GitDirectory = gitDirectory;
    }

    public string GitDirectory { get; }

    /// <summary>Its objects held in memory.</summary>
    public ObjectOverlay Overlay { get; } = new();

    /// <summary>The bytes of its files, as counted when they were added, and of its objects in memory.</summary>
    public long Bytes => Interlocked.Read(ref _bytes) + Overlay.Bytes;

    /// <summary>How many packs it holds: a folder caught up record by record gathers many.</summary>
    public int PackCount => Directory.EnumerateFiles(Path.Combine(GitDirectory, "objects", "pack"), "*.idx").Count();

    public void AddBytes(long bytes) => Interlocked.Add(ref _bytes, bytes);

    /// <summary>Counts the bytes of the files it holds now (after a bulk load).</summary>
    public void Measure() => Interlocked.Exchange(ref _bytes,
        new DirectoryInfo(GitDirectory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length));

    /// <summary>Opens the repository's objects, those in memory first (refs are the state's, not the folder's).</summary>
    public LibGit2Sharp.Repository Open()
    {
        _cache.HoldPacks(this);
        var repo = new LibGit2Sharp.Repository(GitDirectory);
        try
        {
            repo.ObjectDatabase.AddBackend(new OverlayBackend(Overlay), OverlayBackend.Priority);
            return repo;
        }
        catch
        {
            repo.Dispose();
            throw;
        }
    }

    /// <summary>An object's raw bytes, from memory or the packs; null when it is not here.</summary>
    public RawObject? TryRead(LibGit2Sharp.ObjectId id, GitObjectStore packs) =>
        Overlay.TryGet(id, out var raw) ? raw : packs.TryRead(id);

    internal void AddUser() => Interlocked.Increment(ref _users);

    /// <summary>A user lets go; the last one deletes the folder.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _users) == 0) _cache.Delete(this);
    }

    /// <summary>For a folder not yet installed (a load that failed): deletes it unless someone uses it.</summary>
    public void Discard()
    {
        if (Volatile.Read(ref _users) == 0) _cache.Delete(this);
    }
}
