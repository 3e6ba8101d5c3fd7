using System.Text.Json.Nodes;

namespace Saver.Tests.Infrastructure;

/// <summary>Manifests and write arguments as the cyber-dojo web server sends them.</summary>
public static class Katas
{
    public const string LaptopA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    public const string LaptopB = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// <summary>The "Tennis" kata of docs/api.md §8: cyber-dojo.sh, readme.txt, tennis.py, tennis_unit_test.py.</summary>
    public static JsonObject TennisManifest() => new()
    {
        ["display_name"] = "Python, unittest",
        ["image_name"] = "cyberdojofoundation/python_unittest:b8333d3",
        ["filename_extension"] = new JsonArray(".py"),
        ["exercise"] = "Tennis",
        ["highlight_filenames"] = new JsonArray(),
        ["tab_size"] = 4,
        ["progress_regexs"] = new JsonArray("FAILED \\(failures=\\d+\\)", "OK"),
        ["visible_files"] = FilesJson(TennisFiles()),
    };

    public static Dictionary<string, string> TennisFiles() => new()
    {
        ["cyber-dojo.sh"] = "python -m unittest *test*.py\n",
        ["readme.txt"] = "Tennis has a rather quirky scoring system.\n",
        ["tennis.py"] = "def score(a, b):\n    return 'Love all'\n",
        ["tennis_unit_test.py"] = "import unittest\nfrom tennis import score\n",
    };

    public static JsonObject FilesJson(IReadOnlyDictionary<string, string> files)
    {
        var o = new JsonObject();
        foreach (var (name, content) in files) o[name] = new JsonObject { ["content"] = content };
        return o;
    }

    public static JsonObject Output(string content, bool truncated = false) =>
        new() { ["content"] = content, ["truncated"] = truncated };

    /// <summary>kata_ran_tests arguments.</summary>
    public static JsonObject RanTests(string id, IReadOnlyDictionary<string, string> files, string colour,
        string? laptopId, int? tabSeq, object? status = null, string stdout = "", string stderr = "", JsonObject? summary = null)
    {
        summary ??= new JsonObject
        {
            ["colour"] = colour,
            ["duration"] = 1.46448,
            ["predicted"] = "none",
            ["revert_if_wrong"] = false,
        };
        return new JsonObject
        {
            ["id"] = id,
            ["files"] = FilesJson(files),
            ["stdout"] = Output(stdout),
            ["stderr"] = Output(stderr),
            ["status"] = status switch { int i => i, string s => s, _ => colour == "green" ? 0 : 1 },
            ["summary"] = summary,
            ["laptop_id"] = laptopId,
            ["tab_seq"] = tabSeq,
        };
    }

    /// <summary>The arguments every file write carries.</summary>
    public static JsonObject FileWrite(string id, IReadOnlyDictionary<string, string> files, string? laptopId, int? tabSeq) => new()
    {
        ["id"] = id,
        ["files"] = FilesJson(files),
        ["laptop_id"] = laptopId,
        ["tab_seq"] = tabSeq,
    };
}
