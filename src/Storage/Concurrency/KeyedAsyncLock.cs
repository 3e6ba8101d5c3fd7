namespace Saver.Storage.Concurrency;

/// <summary>
/// An async mutex per key, made on first use and dropped when nobody holds or awaits it.
/// Writers in one process queue here before they ask for a blob lease, so a lease is only
/// contended between processes and nobody polls for one their neighbour thread holds.
/// </summary>
public sealed class KeyedAsyncLock
{
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    public async Task<IDisposable> LockAsync(string key, CancellationToken cancellationToken = default)
    {
        Slot slot;
        lock (_slots)
        {
            if (!_slots.TryGetValue(key, out slot!)) _slots[key] = slot = new Slot();
            slot.Users++;
        }
        try
        {
            await slot.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(key, slot);
            throw;
        }
        return new Releaser(this, key, slot);
    }

    private void Leave(string key, Slot slot)
    {
        lock (_slots)
        {
            if (--slot.Users == 0) _slots.Remove(key);
        }
    }

    private sealed class Slot
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public int Users;
    }

    private sealed class Releaser(KeyedAsyncLock owner, string key, Slot slot) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            slot.Semaphore.Release();
            owner.Leave(key, slot);
        }
    }
}
