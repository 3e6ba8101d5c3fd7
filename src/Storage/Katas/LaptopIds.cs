using System.Text.Json.Nodes;

namespace Saver.Storage.Katas;

/// <summary>
/// A laptop id is the 64-lowercase-hex cookie the web server mints. Only such a value is
/// stored in an event; anything else marks the writer as unknown.
/// </summary>
public static class LaptopIds
{
    public static bool IsWellFormed(JsonNode? laptopId) =>
        laptopId is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 64 &&
        s.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
