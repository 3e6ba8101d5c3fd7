using System.Text;

namespace Saver.Storage.Diffs;

/// <summary>
/// Paths as <c>git -c core.quotePath=false diff</c> prints them (quote.c, git 2.39): a path
/// holding a control character, '"', '\' or DEL is written in double quotes with C escapes
/// (\t, \n, \", \\, … or three octal digits); any other path, non-ASCII included, as it is.
/// </summary>
internal static class GitQuotedPath
{
    /// <summary>quote_c_style: the path, quoted only when it must be (rename from/to lines).</summary>
    public static string Quote(string path) => Quote(string.Empty, path);

    /// <summary>quote_two: prefix and path as one, quoted as a whole when the path must be ("a/x", "\"a/x\\ty\"").</summary>
    public static string Quote(string prefix, string path)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(path);
        if (!prefix.Any(MustQuote) && !path.Any(MustQuote)) return prefix + path;

        var quoted = new StringBuilder(prefix.Length + path.Length + 8).Append('"');
        foreach (var c in prefix) Append(quoted, c);
        foreach (var c in path) Append(quoted, c);
        return quoted.Append('"').ToString();
    }

    // Every character that needs quoting is one byte in UTF-8, so working on chars is working on git's bytes.
    private static bool MustQuote(char c) => c < ' ' || c is '"' or '\\' or '\u007f';

    private static void Append(StringBuilder quoted, char c)
    {
        if (!MustQuote(c))
        {
            quoted.Append(c);
            return;
        }
        quoted.Append('\\');
        var named = c switch
        {
            '\a' => 'a', '\b' => 'b', '\t' => 't', '\n' => 'n', '\v' => 'v', '\f' => 'f', '\r' => 'r',
            '"' => '"', '\\' => '\\',
            _ => '\0',
        };
        if (named != '\0') quoted.Append(named);
        else quoted.Append((char)('0' + ((c >> 6) & 3))).Append((char)('0' + ((c >> 3) & 7))).Append((char)('0' + (c & 7)));
    }
}
