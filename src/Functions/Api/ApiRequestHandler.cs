using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Saver.Functions.Hosting;
using Saver.Storage.IO;
using Saver.Storage.Json;

namespace Saver.Functions.Api;

/// <summary>
/// Serves one call of an API method as the original does on the wire (docs/api.md §1): the method's
/// verb only (anything else, or an Accept header that rules out JSON, is 404),
/// <c>{"method": result}</c> on success, and <c>{"exception": message}</c> with the
/// original's status on failure. Both hosts hand their requests here: the standalone app
/// through the routes <see cref="ApiRoutes.MapSaverApi"/> maps, the Functions worker
/// through one function per method.
/// </summary>
public sealed class ApiRequestHandler(ApiServices services, IOptions<SaverOptions> options, ILogger<ApiRequestHandler> logger)
{
    private readonly SaverOptions _options = options.Value;
    private readonly FileLimits _fileLimits = FileLimits.From(options.Value);

    /// <summary>
    /// The Functions worker's way in: answers the call on the request's own response, and
    /// leaves the worker nothing more to write.
    /// </summary>
    public async Task<IActionResult> ServeAsync(HttpRequest request, string methodName)
    {
        await HandleAsync(request.HttpContext, SaverApi.Named(methodName));
        return new EmptyResult();
    }

    /// <summary>Answers a call of <paramref name="method"/> on <paramref name="context"/>'s response.</summary>
    public async Task HandleAsync(HttpContext context, ApiMethod method)
    {
        var request = context.Request;
        if (!HttpMethods.Equals(request.Method, method.Verb) || !Accepts(request, method))
        {
            await WriteNoSuchMethodAsync(context);
            return;
        }
        try
        {
            var arguments = await ApiRequestReader.ReadAsync(request, method, _options.MaxRequestBodyBytes,
                _fileLimits.MaxTarMembers, context.RequestAborted);
            _fileLimits.Check(arguments.Values);
            if (method.File is { } file)
            {
                await WriteFileAsync(context, await file.Handler(arguments, services, context.RequestAborted));
                return;
            }
            var result = await method.HandlerFor(arguments.Values)(arguments, services, context.RequestAborted);
            using var answer = new PooledBufferWriter();
            SaverJson.WriteCompact(new JsonObject { [method.Name] = result }, answer);
            await WriteJsonAsync(context, StatusCodes.Status200OK, answer.Written);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; there is nobody to answer.
        }
        catch (PayloadTooLargeException e)
        {
            await WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, e.Message);
        }
        catch (BadHttpRequestException e)
        {
            await WriteErrorAsync(context, e.StatusCode, e.Message);
        }
        catch (Exception e)
        {
            var status = ApiErrors.StatusFor(e);
            if (status == StatusCodes.Status503ServiceUnavailable)
            {
                logger.LogWarning(e, "{Method} answered 503, the store being unavailable: {Message}", method.Name, e.Message);
                if (!context.Response.HasStarted)
                    context.Response.Headers.RetryAfter = ((int)ApiErrors.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (status >= 500 && status != StatusCodes.Status505HttpVersionNotsupported)
            {
                logger.Log(status == StatusCodes.Status500InternalServerError && e is not Saver.Storage.SaverException
                    ? LogLevel.Error : LogLevel.Information, e, "{Method} failed: {Message}", method.Name, e.Message);
            }
            await WriteErrorAsync(context, status, e.Message);
        }
    }

    /// <summary>The caller takes JSON (errors are JSON), or the file the method answers with.</summary>
    private static bool Accepts(HttpRequest request, ApiMethod method) =>
        AcceptHeader.AllowsJson(request.Headers.Accept) ||
        (method.File is { } file && AcceptHeader.Allows(request.Headers.Accept, file.ContentType));

    /// <summary>
    /// Streams a file answer. Should writing fail before the first byte is sent, the headers
    /// are taken back so the error can still be answered as JSON.
    /// </summary>
    private static async Task WriteFileAsync(HttpContext context, ApiFile file)
    {
        using (file)
        {
            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = file.ContentType;
            var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(file.FileName);
            response.Headers.ContentDisposition = disposition.ToString();
            try
            {
                await file.WriteAsync(response.Body, context.RequestAborted);
            }
            catch when (!response.HasStarted)
            {
                response.Clear();
                throw;
            }
        }
    }

    /// <summary>The answer to an unknown path or a wrong verb.</summary>
    public static Task WriteNoSuchMethodAsync(HttpContext context) => WriteErrorAsync(context, StatusCodes.Status404NotFound,
        $"no such method: {context.Request.Method} {context.Request.Path}");

    private static Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteJsonAsync(context, status, SaverJson.PrettyBytes(new JsonObject { ["exception"] = Utf8Text.Clean(message) }));

    private static async Task WriteJsonAsync(HttpContext context, int status, ReadOnlyMemory<byte> json)
    {
        if (context.Response.HasStarted)
        {
            // Part of a streamed file went out: end the connection rather than the response,
            // so the caller sees the transfer fail instead of a file cut short.
            context.Abort();
            return;
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json, context.RequestAborted);
    }
}
