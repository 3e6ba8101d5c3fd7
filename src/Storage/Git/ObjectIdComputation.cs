using LibGit2Sharp;

namespace Saver.Storage.Git;

/// <summary>
/// An object's id (the SHA-1 of its header and every byte), worked out on another core while
/// the caller goes on with other work. For a long kata's events.json: git names a blob by
/// hashing all of it, and a save makes two versions of it, so hashing them is the one cost of
/// a save that grows with the kata; hashed at once, two cores share it. Whoever comes first
/// does the hashing, the thread pool or the caller asking for the id, so asking never waits
/// for a worker that has not started, only for one that is hashing.
/// </summary>
public sealed class ObjectIdComputation : IThreadPoolWorkItem
{
    /// <summary>
    /// Below this size an object is hashed by whoever asks for its id: at ~2 GB/s, handing
    /// 64 KB to another thread (~0.03 ms of hashing) would save less than it costs.
    /// </summary>
    public const int OtherThreadFrom = 64 * 1024;

    private ObjectId? _id;
    private int _claimed;

    private ObjectIdComputation(GitObjectKind kind, ObjectBytes data)
    {
        Kind = kind;
        Data = data;
    }

    public GitObjectKind Kind { get; }

    public ObjectBytes Data { get; }

    /// <summary>Starts working out the id of an object on the thread pool, when it is large enough to be worth it.</summary>
    public static ObjectIdComputation OnOtherThread(GitObjectKind kind, ObjectBytes data)
    {
        var computation = new ObjectIdComputation(kind, data);
        if (data.Length >= OtherThreadFrom) ThreadPool.UnsafeQueueUserWorkItem(computation, preferLocal: false);
        return computation;
    }

    /// <summary>Works out the id of an object here and now.</summary>
    public static ObjectIdComputation Here(GitObjectKind kind, ObjectBytes data)
    {
        var computation = new ObjectIdComputation(kind, data);
        computation.TryCompute();
        return computation;
    }

    /// <summary>The id: worked out here if no one has started on it, else once whoever did is done.</summary>
    public ObjectId Id
    {
        get
        {
            var spinner = new SpinWait();
            while (true)
            {
                if (Volatile.Read(ref _id) is { } id) return id;
                if (TryCompute()) return _id!;
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        try
        {
            TryCompute();
        }
        catch (Exception)
        {
            // Not on a pool thread, where it would end the process: the caller asking for the
            // id takes the work back and meets the same exception.
            Volatile.Write(ref _claimed, 0);
        }
    }

    private bool TryCompute()
    {
        if (Interlocked.Exchange(ref _claimed, 1) != 0) return false;
        Volatile.Write(ref _id, ObjectOverlay.IdOf(Kind, Data));
        return true;
    }
}
