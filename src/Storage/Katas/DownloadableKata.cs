using Saver.Storage.Git;
using Saver.Storage.Ids;

namespace Saver.Storage.Katas;

/// <summary>
/// A format-2 kata opened for a download: its repository held at one state, so that what is
/// named here (the exercise, the head commit) is what the tgz will hold. Dispose it once written.
/// </summary>
public sealed class DownloadableKata : IDisposable
{
    internal DownloadableKata(EntityId id, RepositorySnapshot snapshot, string? exercise, string head, DateTimeOffset headTime)
    {
        Id = id;
        Snapshot = snapshot;
        Exercise = exercise;
        Head = head;
        HeadTime = headTime;
    }

    public EntityId Id { get; }

    /// <summary>The manifest's exercise, or null when it has none (a custom exercise).</summary>
    public string? Exercise { get; }

    /// <summary>The id of the commit main points at: it names the whole state, every tag being on main's history.</summary>
    public string Head { get; }

    /// <summary>When the head commit was made.</summary>
    public DateTimeOffset HeadTime { get; }

    internal RepositorySnapshot Snapshot { get; }

    public void Dispose() => Snapshot.Dispose();
}
