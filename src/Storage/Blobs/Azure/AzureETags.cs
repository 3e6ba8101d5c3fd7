namespace Saver.Storage.Blobs.Azure;

/// <summary>
/// ETags travel quoted in headers ("0x8D…") but bare in List Blobs XML; Saver keeps the
/// quoted form so the same version compares equal however it was read.
/// </summary>
internal static class AzureETags
{
    public static ETag FromService(string value)
    {
        var trimmed = value.Trim();
        return new ETag(IsQuotedOrWildcard(trimmed) ? trimmed : $"\"{trimmed}\"");
    }

    /// <summary>The header value for a condition on <paramref name="etag"/>.</summary>
    public static string ToHeader(ETag etag) =>
        IsQuotedOrWildcard(etag.Value) ? etag.Value : $"\"{etag.Value}\"";

    private static bool IsQuotedOrWildcard(string value) =>
        value == "*" || value.StartsWith("W/\"", StringComparison.Ordinal) ||
        (value.Length >= 2 && value[0] == '"' && value[^1] == '"');
}
