namespace Saver.Storage.Git;

/// <summary>
/// Keeps the packs of the repository folders opened most recently loaded in libgit2. libgit2
/// shares a pack (its mapped index, its open file) among every object database open on it, and
/// unloads it when the last one closes. A request opens its own repository and closes it, so
/// without a holder every save and read of a kata with packs opened, mapped and read its pack
/// indexes again, more of them the longer the kata. One object database per folder held here
/// keeps them loaded. Bounded by folders, since each pack read keeps a file open.
/// </summary>
internal sealed class LoadedPacks : IDisposable
{
    private readonly int _capacity;
    private readonly Lock _gate = new();
    private readonly Dictionary<RepositoryFolder, (LinkedListNode<RepositoryFolder> Node, Holder Holder)> _held = [];
    private readonly LinkedList<RepositoryFolder> _recency = new();
    private bool _disposed;

    /// <param name="capacity">How many folders' packs to keep loaded; 0 keeps none.</param>
    public LoadedPacks(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
    }

    /// <summary>How many folders' packs are held now.</summary>
    public int Count
    {
        get { lock (_gate) return _held.Count; }
    }

    /// <summary>
    /// Holds the folder's packs, those added since it was last held included, letting go of
    /// the folder used longest ago when there are more than the capacity.
    /// </summary>
    public void Hold(RepositoryFolder folder)
    {
        if (_capacity == 0) return;
        Holder holder;
        Holder? evicted = null;
        lock (_gate)
        {
            if (_disposed) return;
            if (_held.TryGetValue(folder, out var held))
            {
                _recency.Remove(held.Node);
                _recency.AddFirst(held.Node);
                holder = held.Holder;
            }
            else
            {
                holder = new Holder(folder.GitDirectory);
                _held[folder] = (_recency.AddFirst(folder), holder);
                if (_held.Count > _capacity && _recency.Last is { } oldest)
                {
                    evicted = _held[oldest.Value].Holder;
                    _held.Remove(oldest.Value);
                    _recency.RemoveLast();
                }
            }
        }
        // Outside the lock: the many katas of a dashboard are opened at once.
        evicted?.Dispose();
        try
        {
            holder.Refresh();
        }
        catch (SaverException)
        {
            // Holding is only a saving: a folder whose packs cannot be held is read as before.
        }
    }

    /// <summary>Lets go of a folder's packs (before it is deleted).</summary>
    public void Release(RepositoryFolder folder)
    {
        Holder holder;
        lock (_gate)
        {
            if (!_held.Remove(folder, out var held)) return;
            _recency.Remove(held.Node);
            holder = held.Holder;
        }
        holder.Dispose();
    }

    public void Dispose()
    {
        List<Holder> holders;
        lock (_gate)
        {
            _disposed = true;
            holders = [.. _held.Values.Select(h => h.Holder)];
            _held.Clear();
            _recency.Clear();
        }
        foreach (var holder in holders) holder.Dispose();
    }

    /// <summary>One folder's object database, opened on first use, refreshed on every use after.</summary>
    private sealed class Holder(string gitDirectory) : IDisposable
    {
        private readonly Lock _gate = new();
        private GitObjectStore? _objects;
        private bool _disposed;

        /// <summary>Opens the object database, or looks again for packs that came into the folder since (packs come as it catches up and as maintenance packs it).</summary>
        public void Refresh()
        {
            lock (_gate)
            {
                if (_disposed) return;
                if (_objects is null) _objects = GitObjectStore.Open(gitDirectory);
                else _objects.Refresh();
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _objects?.Dispose();
                _objects = null;
            }
        }
    }
}
