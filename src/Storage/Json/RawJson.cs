using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Saver.Storage.Json;

/// <summary>
/// A JSON value already written out, compact, in UTF-8 (as <see cref="SaverJson.Compact"/>
/// writes it). It goes into an answer as a node whose bytes are copied as they are: an answer
/// read often and unchanged between writes (a kata's events) is serialized once per state of
/// the kata, not once per request.
/// </summary>
[JsonConverter(typeof(RawJsonConverter))]
public sealed class RawJson
{
    private static readonly JsonTypeInfo<RawJson> TypeInfo =
        JsonMetadataServices.CreateValueInfo<RawJson>(JsonSerializerOptions.Default, new RawJsonConverter());

    private RawJson(byte[] utf8) => Utf8 = utf8;

    public ReadOnlyMemory<byte> Utf8 { get; }

    /// <summary>The value written out once, compact.</summary>
    public static RawJson Of(JsonNode? value) => new(SaverJson.CompactBytes(value));

    /// <summary>JSON written out already, compact, as <see cref="SaverJson.Compact"/> writes it.</summary>
    public static RawJson FromCompactUtf8(byte[] utf8) => new(utf8);

    /// <summary>A new node (a node has one parent) that writes these bytes.</summary>
    public JsonNode ToNode() => JsonValue.Create(this, TypeInfo) ?? throw new InvalidOperationException("a JSON value of written-out JSON");

    private sealed class RawJsonConverter : JsonConverter<RawJson>
    {
        // Only ever written: an answer is parsed as JSON, never back into RawJson.
        public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("written-out JSON is only written");

        public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.Utf8.Span, skipInputValidation: true);
    }
}
