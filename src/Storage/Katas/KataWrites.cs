using System.Text.Json.Nodes;

namespace Saver.Storage.Katas;

/// <summary>
/// What every kata write carries: the files as the browser has them (name → content) and
/// who sent it. LaptopId and TabSeq are kept as sent (null, or any JSON) because
/// de-duplication compares them as sent and only a well-formed laptop id is stored.
/// </summary>
public sealed record KataEdit(IReadOnlyDictionary<string, string> Files, JsonNode? LaptopId, JsonNode? TabSeq);

/// <summary>The runner's answer to a [test]: outputs, the status as text, and the client's summary (colour, …).</summary>
public sealed record TestOutcome(KataOutput Stdout, KataOutput Stderr, string Status, JsonObject Summary);

public sealed record KataOutput(string Content, bool Truncated)
{
    public static KataOutput Empty { get; } = new("", false);
}

/// <summary>The test-family writes (docs/api.md §3.5) and how each names its commit.</summary>
public enum TestEventKind { RanTests, PredictedRight, PredictedWrong, Reverted, CheckedOut }

/// <summary>The file writes (docs/api.md §3.5).</summary>
public abstract record FileEvent
{
    public sealed record Create(string Filename) : FileEvent;
    public sealed record Delete(string Filename) : FileEvent;
    public sealed record Rename(string OldFilename, string NewFilename) : FileEvent;
    /// <summary>kata_file_edit: only the implicit edit.</summary>
    public sealed record Edit : FileEvent;
}
