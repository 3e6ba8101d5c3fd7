using System.Text.Json.Nodes;

namespace Saver.Storage.Katas;

/// <summary>The README.md every format-2 kata is created with (docs/api.md §4.1).</summary>
public static class KataReadme
{
    public static string For(JsonObject manifest)
    {
        var id = manifest["id"]?.ToString();
        var displayName = manifest["display_name"]?.ToString();
        var lines = new List<string>
        {
            $"# This a copy of [your cyber-dojo exercise](https://cyber-dojo.org/kata/edit/{id}):",
        };
        if (manifest["exercise"] is null)
            lines.Add($"- Custom exercise: `{displayName}`");
        else
        {
            lines.Add($"- Exercise: `{manifest["exercise"]}`");
            lines.Add($"- Language & test-framework: `{displayName}`");
        }
        lines.AddRange(
        [
            "",
            "## To keep it on GitHub",
            "- Make a new, empty repository on GitHub, for example `cyber-dojo-" + id + "`.",
            "- In this folder, run the commands GitHub shows under \"push an existing repository from the command line\":",
            "```",
            "git remote add origin https://github.com/<you>/cyber-dojo-" + id + ".git",
            "git push -u origin main --tags",
            "```",
        ]);
        return string.Join("\n", lines) + "\n";
    }
}
