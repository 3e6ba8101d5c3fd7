using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Saver.Storage;
using Saver.Storage.Json;

namespace Saver.Functions.Api;

/// <summary>
/// Reads a call's arguments as the original does (spec §1): the body's JSON object; with an
/// empty body, the query string (string values, Rack's <c>a[]</c> and <c>a[k]</c> nesting);
/// with neither, {}. Then checks them against the method's keywords with Ruby's messages.
/// </summary>
public static class ApiRequestReader
{
    public static async Task<ApiArguments> ReadAsync(HttpRequest request, ApiMethod method, long maxBodyBytes,
        CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, maxBodyBytes, cancellationToken);
        var values = body.Length > 0 ? ParseBody(body) : QueryArguments.Parse(request.QueryString.Value);
        CheckKeywords(method.ParametersFor(values), values);
        return new ApiArguments(values);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, long maxBodyBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBodyBytes) throw new PayloadTooLargeException(maxBodyBytes);
        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = maxBodyBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBodyBytes) throw new PayloadTooLargeException(maxBodyBytes);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static JsonObject ParseBody(byte[] body)
    {
        JsonNode? parsed;
        try
        {
            parsed = SaverJson.Parse(body);
        }
        catch (JsonException)
        {
            throw new RequestException("body is not JSON");
        }
        return parsed as JsonObject ?? throw new RequestException("body is not JSON Hash");
    }

    /// <summary>Ruby's keyword argument errors: missing keywords are reported before unknown ones.</summary>
    private static void CheckKeywords(IReadOnlyList<ApiParameter> parameters, JsonObject values)
    {
        var missing = parameters.Where(p => p.Required && !values.ContainsKey(p.Name)).Select(p => p.Name).ToList();
        if (missing.Count > 0) throw new SaverException(KeywordMessage("missing", missing));
        var known = parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = values.Select(kv => kv.Key).Where(k => !known.Contains(k)).ToList();
        if (unknown.Count > 0) throw new SaverException(KeywordMessage("unknown", unknown));
    }

    private static string KeywordMessage(string kind, List<string> names) =>
        names.Count == 1
            ? $"{kind} keyword: :{names[0]}"
            : $"{kind} keywords: " + string.Join(", ", names.Select(n => ":" + n));
}

/// <summary>A body over the configured limit (answered 413).</summary>
public sealed class PayloadTooLargeException(long limit) : Exception($"body is larger than {limit} bytes");
