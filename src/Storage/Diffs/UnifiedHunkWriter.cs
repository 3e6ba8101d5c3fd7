using System.Globalization;
using System.Text;
using Saver.Storage.Native;

namespace Saver.Storage.Diffs;

/// <summary>
/// Writes the hunks libgit2 reports as <c>git diff</c> prints them: "@@ -a,b +c,d @@", then
/// each line's origin (' ', '-', '+') and its bytes, and "\ No newline at end of file" after
/// a line without one. Lines are copied byte for byte, never decoded.
/// </summary>
internal sealed class UnifiedHunkWriter : IBufferDiffSink
{
    private static readonly byte[] NoNewlineMarker = "\n\\ No newline at end of file\n"u8.ToArray();

    private readonly MemoryStream _hunks = new();

    /// <summary>True when git would print "Binary files … differ" instead of hunks.</summary>
    public bool IsBinary { get; private set; }

    /// <summary>Whether any hunk was written; none when the texts differ only in end-of-line whitespace.</summary>
    public bool HasHunks => _hunks.Length > 0;

    public void OnFile(bool isBinary) => IsBinary = isBinary;

    public void OnHunk(int oldStart, int oldLineCount, int newStart, int newLineCount, ReadOnlySpan<byte> header)
    {
        // Formatted here rather than copied from libgit2's header, which has room for 128 bytes
        // only; with whole-file context a hunk starts at line 1, where git finds no function name.
        var text = $"@@ -{Range(oldStart, oldLineCount)} +{Range(newStart, newLineCount)} @@\n";
        _hunks.Write(Encoding.ASCII.GetBytes(text));
    }

    public void OnLine(byte origin, ReadOnlySpan<byte> content)
    {
        _hunks.WriteByte(origin);
        _hunks.Write(content);
        if (content.IsEmpty || content[^1] != (byte)'\n') _hunks.Write(NoNewlineMarker);
    }

    /// <summary>Copies the hunks written so far to <paramref name="output"/>.</summary>
    public void CopyTo(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _hunks.Position = 0;
        _hunks.CopyTo(output);
    }

    // xdiff's hunk range: the count is left out when it is 1; an empty side is "start,0".
    private static string Range(int start, int count) =>
        count == 1
            ? start.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{start},{count}");
}
