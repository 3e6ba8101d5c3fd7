using System.Text.Json.Nodes;

namespace Saver.Storage.Katas;

/// <summary>
/// The kata operations of the saver API, in domain terms: arguments already parsed, results
/// as the JSON values the API returns. Unknown ids raise <see cref="UnknownIdException"/>,
/// writes to old formats <see cref="WriteNotSupportedException"/>, other bad input
/// <see cref="SaverException"/>.
/// </summary>
public interface IKataService
{
    /// <summary>kata_create: a new v2 kata from a manifest (its visible_files become event 0).</summary>
    Task<string> CreateAsync(JsonObject manifest, CancellationToken cancellationToken = default);

    /// <summary>kata_exists?: false for anything that is not a well-formed id of an existing kata.</summary>
    Task<bool> ExistsAsync(string? id, CancellationToken cancellationToken = default);

    /// <summary>kata_manifest: the stored manifest with defaults and current options.</summary>
    Task<JsonObject> ManifestAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>kata_events: events.json at HEAD with colour/diff counts on entry 0 and major/minor indexes.</summary>
    Task<JsonArray> EventsAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>kata_event: the files and output at an index (negative counts from the end).</summary>
    Task<JsonObject> EventAsync(string id, long index, CancellationToken cancellationToken = default);

    /// <summary>kata_ran_tests: the implicit file_edit, then the light.</summary>
    Task RanTestsAsync(string id, KataEdit edit, TestOutcome outcome, CancellationToken cancellationToken = default);
}

/// <summary>
/// What every write carries: the files as the browser has them (name → content) and who
/// sent it. LaptopId and TabSeq are kept as sent (null, or any JSON) because
/// de-duplication compares them as sent and only well-formed values are stored.
/// </summary>
public sealed record KataEdit(IReadOnlyDictionary<string, string> Files, JsonNode? LaptopId, JsonNode? TabSeq);

/// <summary>The runner's answer to a [test]: outputs, the status as text, and the client's summary (colour, …).</summary>
public sealed record TestOutcome(KataOutput Stdout, KataOutput Stderr, string Status, JsonObject Summary);

public sealed record KataOutput(string Content, bool Truncated)
{
    public static KataOutput Empty { get; } = new("", false);
}
