using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Saver.Storage.Json;

/// <summary>Conversions of JSON arguments that behave as the original's Ruby does.</summary>
public static class RubyValues
{
    /// <summary>
    /// Ruby's <c>to_i</c>: integers as they are, floats truncated, strings by their leading
    /// integer ("2" → 2, "abc" → 0), null → 0. Other values have no to_i in Ruby and fail.
    /// </summary>
    public static long ToI(JsonNode? value)
    {
        switch (value)
        {
            case null:
                return 0;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                // By its JSON text: a value built in code (an int) converts to nothing but its own type.
                var number = v.ToJsonString();
                if (long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)) return whole;
                var d = double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
                return double.IsFinite(d) ? (long)Math.Clamp(Math.Truncate(d), long.MinValue, long.MaxValue) : 0;
            case JsonValue v when v.TryGetValue<string>(out var text):
                return LeadingInteger(text);
            default:
                throw new SaverException($"undefined method 'to_i' for {Describe(value)}");
        }
    }

    private static long LeadingInteger(string text)
    {
        var i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        var start = i;
        if (i < text.Length && text[i] is '+' or '-') i++;
        var digitsStart = i;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || (text[i] == '_' && i > digitsStart && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))) i++;
        if (i == digitsStart) return 0;
        var digits = text[start..i].Replace("_", "");
        return long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : digits.StartsWith('-') ? long.MinValue : long.MaxValue;
    }

    /// <summary>How Ruby would name a JSON value's class in an error message.</summary>
    public static string Describe(JsonNode? value) => value switch
    {
        null => "nil",
        JsonObject => "an instance of Hash",
        JsonArray => "an instance of Array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.String => "an instance of String",
            JsonValueKind.Number => "an instance of Integer",
            _ => "a value",
        },
        _ => "a value",
    };
}
