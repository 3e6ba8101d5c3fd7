using System.Text.Json.Nodes;

namespace Saver.Benchmarks.Workload;

/// <summary>
/// One kata_ran_tests as a browser sends it. When <see cref="EditedFile"/> is set the files
/// differ from the kata's latest event, so the saver records a file_edit before the light.
/// </summary>
public sealed record RanTests(
    SortedDictionary<string, string> Files,
    string? EditedFile,
    string Stdout,
    string Stderr,
    int Status,
    string Colour,
    int TabSeq)
{
    /// <summary>How many events the saver adds for it: the implicit file_edit, if any, and the light.</summary>
    public int EventCount => EditedFile is null ? 1 : 2;

    /// <summary>The light's summary, as the browser's runner reports it.</summary>
    public JsonObject Summary() => new()
    {
        ["colour"] = Colour,
        ["duration"] = 1.46448,
        ["predicted"] = "none",
        ["revert_if_wrong"] = false,
    };

    /// <summary>The body of POST /kata_ran_tests.</summary>
    public JsonObject Arguments(string kataId) => new()
    {
        ["id"] = kataId,
        ["files"] = BenchKata.FilesJson(Files),
        ["stdout"] = new JsonObject { ["content"] = Stdout, ["truncated"] = false },
        ["stderr"] = new JsonObject { ["content"] = Stderr, ["truncated"] = false },
        ["status"] = Status,
        ["summary"] = Summary(),
        ["laptop_id"] = BenchKata.LaptopId,
        ["tab_seq"] = TabSeq,
    };
}
