using System.Text.Json.Nodes;
using Saver.Storage.Json;

namespace Saver.Tests.Json;

public sealed class RawJsonTests
{
    private static JsonArray Events() =>
    [
        new JsonObject { ["index"] = 0, ["event"] = "created", ["time"] = new JsonArray(2026, 12, 6, 19, 0, 0, 0), ["colour"] = "create" },
        new JsonObject { ["index"] = 1, ["colour"] = "red", ["stdout"] = "tab\there \"quoted\" ünïcödé <b> & \u0001 \\ /", ["n"] = 1.5e300 },
        null,
        new JsonArray(),
    ];

    [Fact]
    public void An_answer_holding_written_out_json_is_the_answer_holding_the_nodes()
    {
        var raw = RawJson.Of(Events());
        var expected = SaverJson.Compact(new JsonObject { ["kata_events"] = Events(), ["other"] = new JsonObject { ["x"] = Events() } });

        var written = SaverJson.Compact(new JsonObject { ["kata_events"] = raw.ToNode(), ["other"] = new JsonObject { ["x"] = raw.ToNode() } });

        Assert.Equal(expected, written);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(expected),
            SaverJson.CompactBytes(new JsonObject { ["kata_events"] = raw.ToNode(), ["other"] = new JsonObject { ["x"] = raw.ToNode() } }));
        Assert.Contains("ünïcödé", written);
    }

    [Fact]
    public void Written_out_json_can_be_read_back_as_nodes()
    {
        var node = RawJson.Of(Events()).ToNode();

        Assert.True(JsonNode.DeepEquals(Events(), JsonNode.Parse(SaverJson.Compact(node))));
        Assert.True(JsonNode.DeepEquals(Events(), JsonNode.Parse(node.ToJsonString())));
    }
}
