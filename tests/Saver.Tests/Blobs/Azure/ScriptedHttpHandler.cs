using System.Net;

namespace Saver.Tests.Blobs.Azure;

/// <summary>
/// An HTTP handler that answers from a script, one step per request, and remembers what
/// it was sent: for exercising the client's retries and error mapping without a server.
/// </summary>
internal sealed class ScriptedHttpHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] steps) : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _steps = new(steps);

    public List<(HttpMethod Method, Uri Uri, string ClientRequestId, string Authorization)> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add((request.Method, request.RequestUri!,
            request.Headers.GetValues("x-ms-client-request-id").Single(),
            request.Headers.Authorization?.ToString() ?? ""));
        if (_steps.Count == 0) throw new InvalidOperationException($"Unscripted request {request.Method} {request.RequestUri}");
        return Task.FromResult(_steps.Dequeue()(request));
    }

    public static Func<HttpRequestMessage, HttpResponseMessage> Answer(HttpStatusCode status, string? errorCode = null, string? body = null) => request =>
    {
        var response = new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent(body ?? "") };
        if (errorCode is not null) response.Headers.TryAddWithoutValidation("x-ms-error-code", errorCode);
        return response;
    };

    public static Func<HttpRequestMessage, HttpResponseMessage> BlobProperties(HttpStatusCode status = HttpStatusCode.OK) => request =>
    {
        var response = new HttpResponseMessage(status) { RequestMessage = request, Content = new ByteArrayContent([]) };
        response.Headers.TryAddWithoutValidation("ETag", "\"0x1\"");
        response.Content.Headers.TryAddWithoutValidation("Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT");
        response.Headers.TryAddWithoutValidation("x-ms-lease-state", "available");
        return response;
    };

    public static Func<HttpRequestMessage, HttpResponseMessage> Fail(HttpRequestError error) =>
        _ => throw new HttpRequestException(error, "scripted failure");
}
