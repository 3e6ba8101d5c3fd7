using System.Text.Json.Nodes;

namespace Saver.Storage.Katas;

/// <summary>The six per-kata options (docs/api.md §3.6), in the order options.json keeps them.</summary>
public static class KataOptions
{
    public static IReadOnlyList<(string Name, string Default)> Defaults { get; } =
    [
        ("theme", "light"), ("colour", "on"), ("predict", "off"),
        ("revert_red", "off"), ("revert_amber", "off"), ("revert_green", "off"),
    ];

    public static JsonObject DefaultsObject()
    {
        var o = new JsonObject();
        foreach (var (name, value) in Defaults) o[name] = value;
        return o;
    }

    public static bool IsKnown(string? name) => Defaults.Any(d => d.Name == name);

    public static void ThrowUnlessKnown(string? name)
    {
        if (!IsKnown(name)) throw new SaverException($"Unknown option {name}");
    }

    /// <summary>
    /// Refuses a value the option cannot take, with the original's message, which says
    /// "theme" whatever the option is.
    /// </summary>
    public static void ThrowUnlessAllowed(string name, string? value)
    {
        string[] allowed = name == "theme" ? ["dark", "light"] : ["on", "off"];
        if (value is null || !allowed.Contains(value))
            throw new SaverException($"Cannot set theme to {value}, only to one of [\"{allowed[0]}\", \"{allowed[1]}\"]");
    }
}
