using System.Text;

namespace Saver.Storage.Json;

/// <summary>
/// Decoding that strips invalid UTF-8 instead of substituting U+FFFD: the original cleans
/// every string it reads off disk or git this way, so contents compare and serialise the
/// same here.
/// </summary>
public static class Utf8Text
{
    private static readonly Encoding Stripping = Encoding.GetEncoding(
        "utf-8", EncoderFallback.ReplacementFallback, new DecoderReplacementFallback(string.Empty));

    public static string Decode(ReadOnlySpan<byte> bytes) => Stripping.GetString(bytes);

    public static byte[] Encode(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The text with any unpaired surrogate removed (so it encodes to valid UTF-8).</summary>
    public static string Clean(string text) => Decode(Encoding.UTF8.GetBytes(text));
}
