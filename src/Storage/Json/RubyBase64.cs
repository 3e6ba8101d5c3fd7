using System.Text;

namespace Saver.Storage.Json;

/// <summary>Base64 text as Ruby writes it.</summary>
public static class RubyBase64
{
    /// <summary>Characters per line of <see cref="Encode64"/>: Ruby's <c>pack("m")</c> encodes 45 bytes a line.</summary>
    public const int LineLength = 60;

    /// <summary>
    /// Ruby's <c>Base64.encode64</c>: standard base64 with "\n" after every 60 characters and
    /// after the last line (no bytes give "").
    /// </summary>
    public static string Encode64(ReadOnlySpan<byte> bytes)
    {
        var plain = Convert.ToBase64String(bytes);
        var text = new StringBuilder(plain.Length + plain.Length / LineLength + 1);
        for (var start = 0; start < plain.Length; start += LineLength)
            text.Append(plain, start, Math.Min(LineLength, plain.Length - start)).Append('\n');
        return text.ToString();
    }
}
