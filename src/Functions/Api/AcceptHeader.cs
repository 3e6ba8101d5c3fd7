using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Saver.Functions.Api;

/// <summary>Whether a request's Accept header lets us answer application/json (no header does).</summary>
public static class AcceptHeader
{
    public static bool AllowsJson(StringValues accept) => Allows(accept, "application/json");

    /// <summary>Whether a request's Accept header lets us answer <paramref name="mediaType"/> (<c>type/subtype</c>; no header does).</summary>
    public static bool Allows(StringValues accept, string mediaType)
    {
        if (StringValues.IsNullOrEmpty(accept)) return true;
        if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0) return true;
        var slash = mediaType.IndexOf('/');
        var (type, subType) = (mediaType[..slash], mediaType[(slash + 1)..]);
        return ranges.Any(r => (r.Quality ?? 1.0) > 0 &&
            (r.MatchesAllTypes || (r.Type.Equals(type, StringComparison.OrdinalIgnoreCase) &&
                                   (r.MatchesAllSubTypes || r.SubType.Equals(subType, StringComparison.OrdinalIgnoreCase)))));
    }
}
