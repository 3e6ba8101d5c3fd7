using System.Text.Json.Nodes;

namespace Saver.Storage.Katas;

/// <summary>
/// One kata opened for reading, whichever format it is stored in. Every read through one
/// reader sees the same state of the kata, so the answers of one request agree.
/// </summary>
public interface IKataReader : IDisposable
{
    /// <summary>0 and 1: the original's plain files, read-only; 2: a git repository.</summary>
    int Version { get; }

    /// <summary>kata_manifest: the stored manifest, the defaults, then the current options.</summary>
    Task<JsonObject> ManifestAsync(CancellationToken cancellationToken);

    /// <summary>kata_events: entry 0 marked as the creation, and major/minor indexes on every entry.</summary>
    Task<JsonArray> EventsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// kata_events as an answer carries it, to be written out and not looked into: a reader
    /// may hand back the same bytes for every request on one state of the kata.
    /// </summary>
    async Task<JsonNode> EventsAnswerAsync(CancellationToken cancellationToken) => await EventsAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>kata_event: one event whole (a negative index counts from the end), with the original's index errors.</summary>
    Task<JsonObject> EventAsync(long index, CancellationToken cancellationToken);

    /// <summary>The files of one event, in byte-wise path order, with kata_event's index errors.</summary>
    Task<SortedDictionary<string, string>> FilesAtAsync(long index, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="FilesAtAsync"/>, and the names in the order the event holds them (format 0
    /// and 1: its event.json's; format 2: path order, as git keeps them).
    /// </summary>
    Task<(SortedDictionary<string, string> Files, IReadOnlyList<string> Order)> FilesInOrderAtAsync(long index, CancellationToken cancellationToken);

    /// <summary>kata_option_get: the option's current value.</summary>
    Task<JsonNode?> OptionGetAsync(string name, CancellationToken cancellationToken);
}
