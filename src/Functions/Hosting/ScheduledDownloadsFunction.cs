using System.Text.Json;
using System.Text.Json.Nodes;
using Saver.Storage.Archive;
using Saver.Storage.Json;

namespace Saver.Functions.Hosting;

/// <summary>
/// The timer-triggered function ScheduledDownloads, as a custom handler serves a trigger that
/// is not HTTP: the Functions host POSTs <c>/ScheduledDownloads</c> with
/// <c>{"Data":{"timer":{…}},"Metadata":{…}}</c> and expects
/// <c>{"Outputs":{},"Logs":[…],"ReturnValue":…}</c>, a 2xx when the invocation succeeded.
/// The run's progress lines are the Logs; its counts are the ReturnValue.
/// </summary>
public static class ScheduledDownloadsFunction
{
    public const string Name = "ScheduledDownloads";

    public static void MapScheduledDownloads(this IEndpointRouteBuilder app) =>
        app.Map("/" + Name, HandleAsync).WithName(Name);

    /// <summary>Runs the scheduled downloads once (the archive's container made first if need be).</summary>
    public static async Task<ScheduledDownloadsReport> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<BlobStoreFactory>().EnsureArchiveContainerAsync(cancellationToken);
        return await services.GetRequiredService<ScheduledDownloads>().RunAsync(cancellationToken);
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            await WriteAsync(context, StatusCodes.Status404NotFound, new JsonObject { ["exception"] = $"no such method: {request.Method} {request.Path}" });
            return;
        }
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(Name);
        if (await ReadInvocationAsync(request, context.RequestAborted) is not { } invocation)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, new JsonObject { ["exception"] = "body is not a JSON object" });
            return;
        }
        var lines = new List<string>();
        if (invocation["Data"]?["timer"] is { } timer && PastDue(timer))
            lines.Add("the timer is past due (an occurrence was missed)");
        try
        {
            var report = await RunAsync(context.RequestServices, context.RequestAborted);
            await WriteAsync(context, StatusCodes.Status200OK, Answer([.. lines, .. report.Lines], report.ToJson(withLines: false)));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The host went away (it timed the invocation out); the next run resumes.
        }
        catch (ScheduledDownloadsException e)
        {
            await WriteAsync(context, StatusCodes.Status500InternalServerError,
                Answer([.. lines, .. e.Report.Lines], e.Report.ToJson(withLines: false)));
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Function} failed", Name);
            await WriteAsync(context, StatusCodes.Status500InternalServerError, Answer([.. lines, $"failed: {e.Message}"], null));
        }
    }

    /// <summary>The invocation's body: a JSON object, or {} when empty; null when it is anything else.</summary>
    private static async Task<JsonObject?> ReadInvocationAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        if (body.Length == 0) return [];
        try
        {
            return SaverJson.Parse(body.GetBuffer().AsSpan(0, (int)body.Length)) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The timer's IsPastDue, which the host sends as an object or as its JSON text.</summary>
    private static bool PastDue(JsonNode timer)
    {
        try
        {
            var info = timer is JsonValue v && v.TryGetValue<string>(out var text) ? SaverJson.Parse(text) : timer;
            return info?["IsPastDue"] is JsonValue pastDue && pastDue.TryGetValue<bool>(out var b) && b;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static JsonObject Answer(IEnumerable<string> logs, JsonNode? returnValue) => new()
    {
        ["Outputs"] = new JsonObject(),
        ["Logs"] = new JsonArray([.. logs.Select(l => (JsonNode?)l)]),
        ["ReturnValue"] = returnValue,
    };

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(SaverJson.Compact(body), context.RequestAborted);
    }
}
