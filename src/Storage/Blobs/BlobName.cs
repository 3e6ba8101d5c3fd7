namespace Saver.Storage.Blobs;

/// <summary>
/// The blob names Saver accepts: '/'-separated segments, none empty, none "." or "..",
/// no backslash, no NUL, no leading '/', well-formed Unicode. Azure itself would take more, but every name
/// Saver uses fits these rules, and a store on disk must be able to map each name to a
/// path that cannot escape its folder.
/// </summary>
public static class BlobName
{
    /// <summary>Azure's limit on a blob name's length.</summary>
    public const int MaxLength = 1024;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the rule a name breaks.</summary>
    public static void Validate(string? name, string paramName = "name")
    {
        if (Problem(name) is { } problem)
            throw new ArgumentException($"invalid blob name '{name}': {problem}", paramName);
    }

    public static bool IsValid(string? name) => Problem(name) is null;

    /// <summary>Why the name is not acceptable, or null when it is.</summary>
    private static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "it is empty";
        if (name.Length > MaxLength) return $"it is longer than {MaxLength} characters";
        if (name.Contains('\\')) return "it contains a backslash";
        if (name.Contains('\0')) return "it contains NUL";
        if (name[0] == '/') return "it starts with '/'";
        if (!IsWellFormedUtf16(name)) return "it has a lone surrogate (not valid Unicode)";
        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0) return "it has an empty segment";
            if (segment is "." or "..") return $"it has a '{segment}' segment";
        }
        return null;
    }

    /// <summary>A lone surrogate has no UTF-8 form, so it could not be sent to Azure or named on disk.</summary>
    private static bool IsWellFormedUtf16(string name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            if (!char.IsSurrogate(name[i])) continue;
            if (!char.IsHighSurrogate(name[i]) || i + 1 == name.Length || !char.IsLowSurrogate(name[i + 1])) return false;
            i++;
        }
        return true;
    }
}
