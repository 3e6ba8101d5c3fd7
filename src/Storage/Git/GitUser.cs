namespace Saver.Storage.Git;

/// <summary>The author a repository's config names (user.name, user.email).</summary>
public sealed record GitUser(string Name, string Email)
{
    internal string ConfigSection() => $"[user]\n\tname = {Quote(Name)}\n\temail = {Quote(Email)}\n";

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
}
