using System.Text.Json.Nodes;
using Saver.Storage.Forks;
using Saver.Storage.Json;

namespace Saver.Storage.Katas;

public sealed partial class KataService
{
    /// <summary>Old-format events are one blob each; this many are read at once.</summary>
    private const int ParallelEventReads = 8;

    /// <summary>
    /// The content hash of the files of each event <paramref name="include"/> chooses (given the
    /// stored entry and its position), in event order, all from one state of the kata. A
    /// format-2 kata answers from its files/ tree ids alone; an old-format kata's events are
    /// read and hashed as format 2 would store their files.
    /// </summary>
    /// <exception cref="UnknownIdException">No such kata.</exception>
    public async Task<IReadOnlyList<EventContent>> EventContentsAsync(string id, Func<JsonObject, int, bool> include,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(include);
        using (var snapshot = await format2.OpenAsync(ParseId(id), cancellationToken).ConfigureAwait(false))
        {
            if (snapshot is not null)
            {
                var chosenEvents = Chosen(format2.StoredEvents(snapshot), include).ToList();
                var hashes = format2.ContentHashesAt(snapshot, chosenEvents.Select(e => e.Position));
                return [.. chosenEvents.Zip(hashes, (e, hash) => new EventContent(e.Index, hash))];
            }
        }
        using var kata = await OpenAsync(id, cancellationToken).ConfigureAwait(false);
        var chosen = Chosen(await kata.EventsAsync(cancellationToken).ConfigureAwait(false), include).ToList();
        var contents = new EventContent[chosen.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, chosen.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelEventReads, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var files = await kata.FilesAtAsync(chosen[i].Index, ct).ConfigureAwait(false);
                contents[i] = new EventContent(chosen[i].Index, ContentHash.Of(files));
            }).ConfigureAwait(false);
        return contents;
    }

    /// <summary>The chosen entries with their own index (format 1 can have gaps) and their position.</summary>
    private static IEnumerable<(long Index, int Position)> Chosen(JsonArray events, Func<JsonObject, int, bool> include)
    {
        for (var position = 0; position < events.Count; position++)
        {
            if (events[position] is JsonObject entry && include(entry, position))
                yield return (entry["index"] is { } index ? RubyValues.ToI(index) : position, position);
        }
    }
}

/// <summary>The content hash of the files of the event with index <paramref name="Index"/>.</summary>
public sealed record EventContent(long Index, ContentHash Content);
