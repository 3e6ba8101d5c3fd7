using System.Text.Json.Nodes;
using Saver.Storage;
using Saver.Storage.Json;
using Saver.Storage.Katas;

namespace Saver.Functions.Api;

/// <summary>Turns the JSON arguments of kata writes into the domain's types, refusing wrong shapes with clear messages.</summary>
public static class KataArguments
{
    public static KataEdit Edit(ApiArguments a) =>
        new(KataFiles.FromArgument(a["files"]), a["laptop_id"]?.DeepClone(), TabSeq(a["tab_seq"]));

    /// <summary>An array of kata ids; an element that is not a string names no kata (its JSON is the id in the error).</summary>
    public static IReadOnlyList<string> Ids(ApiArguments a, string name) =>
        a.Array(name).Select(id => id is JsonValue v && v.TryGetValue<string>(out var s) ? s : SaverJson.Compact(id)).ToList();

    public static TestOutcome Outcome(ApiArguments a) =>
        new(Output(a, "stdout"), Output(a, "stderr"), Status(a["status"]), (JsonObject)a.Object("summary").DeepClone());

    private static JsonNode? TabSeq(JsonNode? tabSeq) => tabSeq switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number => v.DeepClone(),
        var other => throw new SaverException($"tab_seq must be an integer or null, not {RubyValues.Describe(other)}"),
    };

    private static KataOutput Output(ApiArguments a, string name)
    {
        if (a[name] is not JsonObject o || o["content"] is not JsonValue content || !content.TryGetValue<string>(out var text))
            throw new SaverException($"{name} must be {{\"content\": string, \"truncated\": boolean}}");
        var truncated = o["truncated"] is JsonValue t && t.TryGetValue<bool>(out var b) && b;
        return new KataOutput(text, truncated);
    }

    /// <summary>The status as the original stores it: Ruby's <c>to_s</c> (137 becomes "137").</summary>
    private static string Status(JsonNode? status) => status switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        var other => throw new SaverException($"status must be an integer or a string, not {RubyValues.Describe(other)}"),
    };
}
