using LibGit2Sharp;

namespace Saver.Storage.Git;

/// <summary>
/// The last main this instance stored in each repository (a bounded number of them, the
/// least recently stored forgotten first): what a store that went back would have lost.
/// </summary>
internal sealed class AcknowledgedHeads(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Name, ObjectId Head)>> _heads = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Name, ObjectId Head)> _recency = new();

    public void Remember(string name, ObjectId head)
    {
        lock (_gate)
        {
            if (_heads.Remove(name, out var old)) _recency.Remove(old);
            _heads[name] = _recency.AddFirst((name, head));
            while (_heads.Count > capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _heads.Remove(oldest.Value.Name);
            }
        }
    }

    public bool TryGet(string name, out ObjectId head)
    {
        lock (_gate)
        {
            if (_heads.TryGetValue(name, out var node))
            {
                head = node.Value.Head;
                return true;
            }
        }
        head = null!;
        return false;
    }
}
