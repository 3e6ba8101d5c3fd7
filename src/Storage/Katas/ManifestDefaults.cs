using System.Text.Json.Nodes;

namespace Saver.Storage.Katas;

/// <summary>The keys a read manifest always has (docs/api.md §3.3), filled in when missing or null.</summary>
public static class ManifestDefaults
{
    public static void Fill(JsonObject manifest)
    {
        FillMissing(manifest, "version", 0);
        FillMissing(manifest, "exercise", "");
        FillMissing(manifest, "highlight_filenames", new JsonArray());
        FillMissing(manifest, "tab_size", 4);
        FillMissing(manifest, "max_seconds", 10);
        FillMissing(manifest, "progress_regexs", new JsonArray());
        foreach (var (name, value) in KataOptions.Defaults) FillMissing(manifest, name, value);
    }

    /// <summary>Ruby's <c>h[k] ||= v</c>: sets the key when it is absent, null or false.</summary>
    private static void FillMissing(JsonObject manifest, string key, JsonNode value)
    {
        var current = manifest[key];
        if (current is null || current.GetValueKind() == System.Text.Json.JsonValueKind.False) manifest[key] = value;
    }
}
