using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Saver.Storage.Blobs.Azure;

/// <summary>
/// Signs blob service requests with the account's shared key ("Authorize with Shared Key",
/// Blob service, version 2015-02-21 or later).
/// </summary>
public sealed class SharedKeyCredential
{
    private readonly byte[] _key;

    public SharedKeyCredential(string accountName, byte[] accountKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountName);
        ArgumentNullException.ThrowIfNull(accountKey);
        if (accountKey.Length == 0) throw new ArgumentException("The account key is empty.", nameof(accountKey));
        AccountName = accountName;
        _key = accountKey.ToArray();
    }

    public string AccountName { get; }

    public override string ToString() => $"SharedKeyCredential({AccountName})";

    /// <summary>
    /// Sets the Authorization header. Every header that takes part in the signature
    /// (x-ms-date included) must already be on the request, and nothing may change it after.
    /// </summary>
    public void Sign(HttpRequestMessage request)
    {
        var signature = ComputeSignature(BuildStringToSign(request));
        request.Headers.Authorization = new AuthenticationHeaderValue("SharedKey", $"{AccountName}:{signature}");
    }

    /// <summary>Base64 HMAC-SHA256 of the UTF-8 string, with the decoded account key.</summary>
    public string ComputeSignature(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>The exact string the service will sign on its side.</summary>
    public string BuildStringToSign(HttpRequestMessage request)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no address.", nameof(request));
        if (!uri.IsAbsoluteUri) throw new ArgumentException("The request address is not absolute.", nameof(request));

        var contentLength = request.Content?.Headers.ContentLength;

        var builder = new StringBuilder();
        builder.Append(request.Method.Method.ToUpperInvariant()).Append('\n');
        builder.Append(ContentHeader(request, "Content-Encoding")).Append('\n');
        builder.Append(ContentHeader(request, "Content-Language")).Append('\n');
        // Since 2015-02-21 a zero length is signed as the empty string, like an absent one.
        builder.Append(contentLength is null or 0 ? "" : contentLength.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        builder.Append(ContentHeader(request, "Content-MD5")).Append('\n');
        builder.Append(ContentHeader(request, "Content-Type")).Append('\n');
        // Always empty in practice: x-ms-date wins over Date, and we send x-ms-date.
        builder.Append(RequestHeader(request, "Date")).Append('\n');
        builder.Append(RequestHeader(request, "If-Modified-Since")).Append('\n');
        builder.Append(RequestHeader(request, "If-Match")).Append('\n');
        builder.Append(RequestHeader(request, "If-None-Match")).Append('\n');
        builder.Append(RequestHeader(request, "If-Unmodified-Since")).Append('\n');
        builder.Append(RequestHeader(request, "Range")).Append('\n');
        AppendCanonicalizedHeaders(builder, request);
        AppendCanonicalizedResource(builder, uri);
        return builder.ToString();
    }

    private static string RequestHeader(HttpRequestMessage request, string name) =>
        request.Headers.NonValidated.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    private static string ContentHeader(HttpRequestMessage request, string name) =>
        request.Content is not null && request.Content.Headers.NonValidated.TryGetValues(name, out var values)
            ? string.Join(",", values)
            : "";

    private static void AppendCanonicalizedHeaders(StringBuilder builder, HttpRequestMessage request)
    {
        var headers = request.Headers.NonValidated
            .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(",", h.Value.Select(UnfoldWhitespace))))
            .OrderBy(h => h.Name, StringComparer.Ordinal);
        foreach (var (name, value) in headers)
            builder.Append(name).Append(':').Append(value).Append('\n');
    }

    private static string UnfoldWhitespace(string value)
    {
        var trimmed = value.Trim();
        if (!trimmed.Any(char.IsWhiteSpace)) return trimmed;
        var result = new StringBuilder(trimmed.Length);
        var previousWasSpace = false;
        foreach (var c in trimmed)
        {
            var isSpace = char.IsWhiteSpace(c);
            if (isSpace && previousWasSpace) continue;
            result.Append(isSpace ? ' ' : c);
            previousWasSpace = isSpace;
        }
        return result.ToString();
    }

    private void AppendCanonicalizedResource(StringBuilder builder, Uri uri)
    {
        // The path exactly as sent (still percent-encoded). On a path-style address such
        // as the emulator's, it begins with the account, which is then named twice.
        builder.Append('/').Append(AccountName).Append(uri.AbsolutePath);

        var parameters = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var query = uri.Query;
        if (query.Length > 1)
        {
            foreach (var pair in query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=');
                var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]).ToLowerInvariant();
                var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
                if (!parameters.TryGetValue(name, out var values)) parameters[name] = values = [];
                values.Add(value);
            }
        }
        foreach (var (name, values) in parameters)
        {
            values.Sort(StringComparer.Ordinal);
            builder.Append('\n').Append(name).Append(':').Append(string.Join(",", values));
        }
    }
}
