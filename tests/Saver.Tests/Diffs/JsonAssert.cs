using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Saver.Tests.Diffs;

/// <summary>Compares JSON as compact text, so key order and every value count.</summary>
internal static class JsonAssert
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Equal(string expectedJson, JsonNode actual) =>
        Assert.Equal(JsonNode.Parse(expectedJson)!.ToJsonString(Readable), actual.ToJsonString(Readable));
}
