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

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    [InlineData(2000)]
    public void An_answer_written_into_a_pooled_buffer_is_byte_for_byte_the_answer_written_to_an_array(int katas)
    {
        // A dashboard's answer: many katas' written-out events, past the buffer's first size when there are many.
        JsonObject Answer()
        {
            var joined = new JsonObject();
            for (var k = 0; k < katas; k++)
                joined[k.ToString()] = new JsonObject { ["id"] = $"k{k}", ["events"] = RawJson.Of(Events()).ToNode(), ["tag"] = "ünïcödé \u0001 </script>" };
            return new JsonObject { ["group_joined"] = joined };
        }
        using var pooled = new Saver.Storage.IO.PooledBufferWriter(initialCapacity: 64);

        SaverJson.WriteCompact(Answer(), pooled);

        Assert.Equal(SaverJson.CompactBytes(Answer()), pooled.Written.ToArray());
    }

    [Fact]
    public void Written_out_json_can_be_read_back_as_nodes()
    {
        var node = RawJson.Of(Events()).ToNode();

        Assert.True(JsonNode.DeepEquals(Events(), JsonNode.Parse(SaverJson.Compact(node))));
        Assert.True(JsonNode.DeepEquals(Events(), JsonNode.Parse(node.ToJsonString())));
    }
}
