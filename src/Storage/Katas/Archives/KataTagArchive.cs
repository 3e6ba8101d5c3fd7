using Saver.Storage.Ids;

namespace Saver.Storage.Katas.Archives;

/// <summary>
/// One event of a kata, checked and held at one state, ready to be written as a .tgz whose
/// members are all under <c>&lt;id&gt;-&lt;index&gt;/</c>, as <c>git archive --prefix</c> writes a tag:
/// the event's <c>files/</c> and, for every event after the creation, its <c>stdout</c>,
/// <c>stderr</c>, <c>status</c> and <c>truncations.json</c>. Dispose it once written.
/// </summary>
public abstract class KataTagArchive : IDisposable
{
    private protected KataTagArchive(EntityId id, long index)
    {
        Id = id;
        Index = index;
    }

    public EntityId Id { get; }

    /// <summary>The event's own index (a negative index asked for is resolved).</summary>
    public long Index { get; }

    /// <summary>The folder every member is under, with its trailing '/'.</summary>
    public string Prefix => $"{Id.Value}-{Index}/";

    /// <summary>What to call the archive: <c>AbCdEf-3.tgz</c>.</summary>
    public string FileName => $"{Id.Value}-{Index}.tgz";

    /// <summary>The names of the outputs an event after the creation has, beside files/.</summary>
    internal static readonly IReadOnlySet<string> OutputNames =
        new HashSet<string>(StringComparer.Ordinal) { KataTree.Stdout, KataTree.Stderr, KataTree.Status, KataTree.Truncations };

    /// <summary>Writes the .tgz to <paramref name="destination"/> (left open), member by member.</summary>
    public abstract Task WriteAsync(Stream destination, CancellationToken cancellationToken);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
