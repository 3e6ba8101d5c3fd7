using System.Text.Json.Nodes;
using Saver.Storage;
using Saver.Storage.Json;

namespace Saver.Functions.Api;

/// <summary>The named arguments of a call, already checked against the method's keywords.</summary>
public sealed class ApiArguments(JsonObject values)
{
    public JsonObject Values { get; } = values;

    public bool Has(string name) => Values.ContainsKey(name);

    public JsonNode? this[string name] => Values[name];

    /// <summary>An argument that must be a string (or null, when <paramref name="nullable"/>).</summary>
    public string? String(string name, bool nullable = false) => Values[name] switch
    {
        null when nullable => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => throw new SaverException($"{name} must be a string, not {RubyValues.Describe(other)}"),
    };

    /// <summary>An id argument: its text when it is a string, else its JSON (it then names no entity).</summary>
    public string Id(string name = "id") => Values[name] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => SaverJson.Compact(other),
    };

    public JsonObject Object(string name) => Values[name] as JsonObject
        ?? throw new SaverException($"{name} must be an object, not {RubyValues.Describe(Values[name])}");

    public JsonArray Array(string name) => Values[name] as JsonArray
        ?? throw new SaverException($"{name} must be an array, not {RubyValues.Describe(Values[name])}");
}
