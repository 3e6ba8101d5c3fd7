using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Saver.Functions.Api;

/// <summary>Whether a request's Accept header lets us answer application/json (no header does).</summary>
public static class AcceptHeader
{
    public static bool AllowsJson(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept)) return true;
        if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0) return true;
        return ranges.Any(r => (r.Quality ?? 1.0) > 0 &&
            (r.MatchesAllTypes || (r.Type.Equals("application", StringComparison.OrdinalIgnoreCase) &&
                                   (r.MatchesAllSubTypes || r.SubType.Equals("json", StringComparison.OrdinalIgnoreCase)))));
    }
}
