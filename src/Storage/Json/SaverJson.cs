using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Saver.Storage.Json;

/// <summary>
/// JSON as the original saver (Ruby's JSON module) writes it: compact for API results and
/// single-line files, "pretty" (2-space indent, no trailing newline) for the files kept in
/// a kata's git tree. Non-ASCII text is written as is, not \u-escaped, as Ruby does.
/// </summary>
public static class SaverJson
{
    private static readonly JsonSerializerOptions CompactOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    private static readonly JsonSerializerOptions PrettyOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        IndentSize = 2,
        IndentCharacter = ' ',
        NewLine = "\n",
    };

    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = 256 };

    public static string Compact(JsonNode? node) => node is null ? "null" : node.ToJsonString(CompactOptions);

    public static string Pretty(JsonNode? node) => node is null ? "null" : node.ToJsonString(PrettyOptions);

    public static byte[] PrettyBytes(JsonNode? node) => Encoding.UTF8.GetBytes(Pretty(node));

    /// <summary>As <see cref="PrettyBytes(JsonNode?)"/> of the same JSON, written straight from a parsed document (no nodes, no text in between).</summary>
    public static byte[] PrettyBytes(JsonElement element)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output, PrettyWriterOptions)) element.WriteTo(writer);
        return output.WrittenSpan.ToArray();
    }

    private static readonly JsonWriterOptions PrettyWriterOptions = new()
    {
        Encoder = PrettyOptions.Encoder,
        Indented = true,
        IndentSize = PrettyOptions.IndentSize,
        IndentCharacter = PrettyOptions.IndentCharacter,
        NewLine = PrettyOptions.NewLine,
        MaxDepth = 256,
    };

    /// <summary>A writer of <see cref="Compact"/> JSON, for answers written straight from a parsed document.</summary>
    public static Utf8JsonWriter CompactWriter(System.Buffers.IBufferWriter<byte> output) => new(output, CompactWriterOptions);

    private static readonly JsonWriterOptions CompactWriterOptions = new()
    {
        Encoder = CompactOptions.Encoder,
        Indented = false,
        MaxDepth = 256,
    };

    /// <summary>Parses JSON into a document (pooled memory: dispose it); a <see cref="JsonException"/> when it is not JSON.</summary>
    public static JsonDocument ParseDocument(ReadOnlyMemory<byte> utf8) => JsonDocument.Parse(utf8, ReadOptions);

    /// <summary><see cref="Compact"/> as UTF-8, written straight to bytes (no text in between).</summary>
    public static byte[] CompactBytes(JsonNode? node) => JsonSerializer.SerializeToUtf8Bytes(node, CompactOptions);

    /// <summary><see cref="CompactBytes"/>, written into <paramref name="output"/> (a pooled buffer, say) rather than a new array.</summary>
    public static void WriteCompact(JsonNode? node, System.Buffers.IBufferWriter<byte> output)
    {
        using var writer = CompactWriter(output);
        JsonSerializer.Serialize(writer, node, CompactOptions);
    }

    /// <summary>Parses JSON text; a <see cref="JsonException"/> when it is not JSON.</summary>
    public static JsonNode? Parse(string text) => JsonNode.Parse(text, documentOptions: ReadOptions);

    public static JsonNode? Parse(ReadOnlySpan<byte> utf8) => JsonNode.Parse(utf8, documentOptions: ReadOptions);

    /// <summary>Text from stored bytes, with invalid UTF-8 removed rather than replaced.</summary>
    public static string Text(ReadOnlySpan<byte> bytes) => Utf8Text.Decode(bytes);
}
