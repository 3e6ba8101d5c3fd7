using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Saver.Storage;
using Saver.Storage.IO;
using Saver.Storage.Json;

namespace Saver.Functions.Api;

/// <summary>
/// Reads a call's arguments as the original does (docs/api.md §1): the body's JSON object; with an
/// empty body, the query string (string values, Rack's <c>a[]</c> and <c>a[k]</c> nesting);
/// with neither, {}. A kata write may instead be a gzip'd tar (Content-Type application/gzip;
/// see <see cref="PrepackedArguments"/>). Then checks them against the method's keywords with Ruby's messages.
/// </summary>
public static class ApiRequestReader
{
    /// <param name="maxArchiveMembers">The most tar members a prepacked write may hold.</param>
    public static async Task<ApiArguments> ReadAsync(HttpRequest request, ApiMethod method, long maxBodyBytes,
        int maxArchiveMembers, CancellationToken cancellationToken)
    {
        JsonObject values;
        if (method.AcceptsPrepacked && PrepackedArguments.IsPrepacked(request.ContentType))
            values = await ReadPrepackedAsync(request, new TgzLimits(maxBodyBytes, maxArchiveMembers), cancellationToken);
        else
        {
            var body = await ReadBodyAsync(request, maxBodyBytes, cancellationToken);
            values = body.Length > 0 ? ParseBody(body) : QueryArguments.Parse(request.QueryString.Value);
        }
        CheckKeywords(method.ParametersFor(values), values);
        return new ApiArguments(values);
    }

    /// <summary>
    /// A write's arguments from a gzip'd tar body, unzipped as it arrives: the body and the tar
    /// it unzips to are each held to the body limit, so a small bomb cannot fill memory.
    /// </summary>
    private static async Task<JsonObject> ReadPrepackedAsync(HttpRequest request, TgzLimits limits, CancellationToken cancellationToken)
    {
        LimitBody(request, limits.MaxUnpackedBytes);
        await using var body = new LimitedReadStream(request.Body, limits.MaxUnpackedBytes,
            () => new PayloadTooLargeException(limits.MaxUnpackedBytes));
        IReadOnlyList<TarMember> members;
        try
        {
            members = await SafeTgzReader.ReadAsync(body, limits, cancellationToken);
        }
        catch (BadRequestException) when (body.BytesRead == 0)
        {
            throw new RequestException("body is empty: an application/gzip body must be a gzip'd tar");
        }
        return PrepackedArguments.From(members);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, long maxBodyBytes, CancellationToken cancellationToken)
    {
        LimitBody(request, maxBodyBytes);
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

    private static void LimitBody(HttpRequest request, long maxBodyBytes)
    {
        if (request.ContentLength > maxBodyBytes) throw new PayloadTooLargeException(maxBodyBytes);
        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = maxBodyBytes;
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
