using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Saver.Functions.Api;

/// <summary>
/// Query-string arguments as Sinatra (Rack) sees them: every value a string; <c>a[]=x</c>
/// appends to an array and <c>a[k]=x</c> sets a key of an object.
/// </summary>
public static class QueryArguments
{
    public static JsonObject Parse(string? queryString)
    {
        var result = new JsonObject();
        if (string.IsNullOrEmpty(queryString) || queryString == "?") return result;
        foreach (var pair in new QueryStringEnumerable(queryString))
        {
            var name = pair.DecodeName().ToString();
            var value = pair.DecodeValue().ToString();
            if (name.Length == 0) continue;
            Set(result, name, value);
        }
        return result;
    }

    private static void Set(JsonObject into, string name, string value)
    {
        var open = name.IndexOf('[');
        var close = open < 0 ? -1 : name.IndexOf(']', open);
        if (open <= 0 || close < 0)
        {
            into[name] = value;
            return;
        }
        var key = name[..open];
        var inner = name[(open + 1)..close];
        var remaining = name[(close + 1)..];
        if (inner.Length == 0)
        {
            if (into[key] is not JsonArray array) into[key] = array = new JsonArray();
            array.Add(value);
        }
        else
        {
            if (into[key] is not JsonObject obj) into[key] = obj = new JsonObject();
            Set(obj, inner + remaining, value);
        }
    }
}
