using System.Text;

namespace Saver.Storage.Diffs;

/// <summary>Turns the bytes of one line into its text and terminator.</summary>
internal static class LineText
{
    /// <summary>
    /// UTF-8 that drops invalid bytes instead of throwing, as the original saver's
    /// Utf8.clean did; file contents arrive as JSON strings, so this rarely matters.
    /// </summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(
        encoderShouldEmitUTF8Identifier: false,
        throwOnInvalidBytes: false).CloneWithFallback();

    public static string Decode(ReadOnlySpan<byte> content, out LineEnding ending)
    {
        // Only the "\n": a line edited on Windows keeps its "\r", as in the original's answers.
        if (content.EndsWith("\n"u8))
        {
            ending = LineEnding.LineFeed;
            content = content[..^1];
        }
        else
        {
            ending = LineEnding.None;
        }
        return Utf8.GetString(content);
    }

    private static Encoding CloneWithFallback(this UTF8Encoding encoding)
    {
        var clone = (Encoding)encoding.Clone();
        clone.DecoderFallback = new DecoderReplacementFallback(string.Empty);
        return clone;
    }
}
