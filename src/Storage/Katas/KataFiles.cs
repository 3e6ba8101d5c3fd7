using System.Text.Json.Nodes;

namespace Saver.Storage.Katas;

/// <summary>
/// The files of a kata as the API carries them, <c>{"name": {"content": "…"}}</c> (other keys
/// ignored), checked so that every name is a safe relative path in a git tree.
/// </summary>
public static class KataFiles
{
    public const int MaxNameLength = 1024;

    /// <summary>The files of a write's <c>files</c> argument.</summary>
    public static SortedDictionary<string, string> FromArgument(JsonNode? files, string argument = "files")
    {
        if (files is not JsonObject o)
            throw new SaverException($"{argument} must be an object of filename => {{\"content\": string}}");
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in o)
        {
            ThrowUnlessSafe(name);
            if (value is not JsonObject file || file["content"] is not JsonValue content || !content.TryGetValue<string>(out var text))
                throw new SaverException($"{argument}[\"{name}\"] must be an object with a string \"content\"");
            result[name] = text;
        }
        ThrowIfConflicting(result.Keys);
        return result;
    }

    /// <summary>The files of a manifest's visible_files.</summary>
    public static SortedDictionary<string, string> FromVisibleFiles(JsonNode? visibleFiles) =>
        FromArgument(visibleFiles, "manifest.visible_files");

    /// <summary>
    /// Refuses a name that is not a plain relative path: empty, absolute, with empty, "." or
    /// ".." segments, a ".git" segment, a backslash or a control character.
    /// </summary>
    public static void ThrowUnlessSafe(string? name)
    {
        if (string.IsNullOrEmpty(name)) throw new SaverException("unsafe file name: it is empty");
        if (name.Length > MaxNameLength) throw new SaverException($"unsafe file name: longer than {MaxNameLength} characters");
        foreach (var c in name)
            if (c < ' ' || c == '\\' || c == '\u007f')
                throw new SaverException($"unsafe file name {Quote(name)}: it has a control character or backslash");
        foreach (var segment in name.Split('/'))
        {
            if (segment is "" or "." or "..")
                throw new SaverException($"unsafe file name {Quote(name)}: it must be a relative path without empty, '.' or '..' parts");
            if (segment.Equals(".git", StringComparison.OrdinalIgnoreCase))
                throw new SaverException($"unsafe file name {Quote(name)}: it has a .git part");
        }
    }

    /// <summary>Refuses a set of names where one is a folder of another ("a" and "a/b").</summary>
    public static void ThrowIfConflicting(IEnumerable<string> names)
    {
        var all = new HashSet<string>(names, StringComparer.Ordinal);
        foreach (var name in all)
        {
            for (var slash = name.IndexOf('/'); slash > 0; slash = name.IndexOf('/', slash + 1))
                if (all.Contains(name[..slash]))
                    throw new SaverException($"file names clash: {Quote(name[..slash])} is both a file and a folder");
        }
    }

    private static string Quote(string name) => System.Text.Json.JsonSerializer.Serialize(name);
}
