using System.Net;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Saver.Storage.Blobs.Azure;

namespace Saver.Tests.Blobs.Azure;

/// <summary>
/// An HTTP handler that answers from a script, one step per request, and remembers what
/// it was sent: for exercising the SDK's retries as configured, and the store's error
/// mapping, without a server (<see cref="StoreAnswering"/>).
/// </summary>
internal sealed class ScriptedHttpHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] steps) : HttpMessageHandler
{
    /// <summary>A store on container "saver" of development storage whose every request this script answers.</summary>
    public static (AzureBlobStore Store, ScriptedHttpHandler Handler) StoreAnswering(int maxRetries,
        params Func<HttpRequestMessage, HttpResponseMessage>[] steps) => StoreAnswering(maxRetries, "UseDevelopmentStorage=true", steps);

    /// <summary>As above, signed in as the connection string says.</summary>
    public static (AzureBlobStore Store, ScriptedHttpHandler Handler) StoreAnswering(int maxRetries, string connectionString,
        params Func<HttpRequestMessage, HttpResponseMessage>[] steps)
    {
        var handler = new ScriptedHttpHandler(steps);
        var options = new AzureBlobStoreOptions
        {
            ConnectionString = connectionString,
            ContainerName = "saver",
            MaxRetries = maxRetries,
            RetryDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(5),
        };
        var client = options.CreateContainerClient(template: new BlobClientOptions { Transport = new HttpClientTransport(handler) });
        return (new AzureBlobStore(client), handler);
    }

    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _steps = new(steps);

    public List<(HttpMethod Method, Uri Uri, string ClientRequestId, string Authorization)> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add((request.Method, request.RequestUri!,
            request.Headers.GetValues("x-ms-client-request-id").Single(),
            request.Headers.TryGetValues("Authorization", out var authorization) ? authorization.Single() : ""));
        if (_steps.Count == 0) throw new InvalidOperationException($"Unscripted request {request.Method} {request.RequestUri}");
        return Task.FromResult(_steps.Dequeue()(request));
    }

    public static Func<HttpRequestMessage, HttpResponseMessage> Answer(HttpStatusCode status, string? errorCode = null, string? body = null) => request =>
    {
        var response = new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent(body ?? "") };
        // As the service sends its error documents.
        if (body?.StartsWith("<?xml", StringComparison.Ordinal) == true)
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/xml");
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
