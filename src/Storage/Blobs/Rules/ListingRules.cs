using System.Text;

namespace Saver.Storage.Blobs.Rules;

/// <summary>
/// Paging shared by the emulating stores. A continuation token carries the last name
/// returned; the next page starts after it, so blobs added or deleted between pages are
/// handled as Azure's name-based markers handle them.
/// </summary>
internal static class ListingRules
{
    public const int MaxPageSize = 5000;
    private const string TokenPrefix = "v1.";

    /// <summary>Azure answers more than 5000 with 5000, and rejects less than 1.</summary>
    public static int PageSize(int pageSizeHint)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSizeHint, 1);
        return Math.Min(pageSizeHint, MaxPageSize);
    }

    public static string EncodeToken(string lastName) =>
        TokenPrefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(lastName)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <returns>The last name of the previous page, or null to start at the beginning.</returns>
    public static string? DecodeToken(string? token)
    {
        if (token is null) return null;
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal))
            throw new ArgumentException($"malformed continuation token '{token}'", nameof(token));
        var base64 = token[TokenPrefix.Length..].Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - base64.Length % 4) % 4);
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"malformed continuation token '{token}'", nameof(token), e);
        }
    }
}
