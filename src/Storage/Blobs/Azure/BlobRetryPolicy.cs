using System.Net;
using System.Net.Http.Headers;

namespace Saver.Storage.Blobs.Azure;

/// <summary>
/// Decides whether a failed attempt is worth repeating, and how long to wait first:
/// exponential backoff with jitter, stretched to the service's Retry-After.
/// </summary>
/// <remarks>
/// Writes are conditional in Saver (create-only, If-Match, leases), so a blind retry after
/// a lost response could report a conflict caused by the lost attempt itself. They are
/// therefore retried only on answers that mean "not done": 503 (ServerBusy, or a gateway
/// that never reached the service), 429, and failures to connect at all. Azure's 500
/// InternalError/OperationTimedOut, 502, 504, 408 and a connection dropped mid-request
/// may come after the write was applied, so they are left to the caller.
/// </remarks>
internal sealed class BlobRetryPolicy(int maxRetries, TimeSpan firstDelay, TimeSpan maxDelay)
{
    public int MaxRetries { get; } = maxRetries;

    public static bool IsTransient(HttpStatusCode status) => status is
        HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or
        HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    public static bool ShouldRetry(RetryMode mode, HttpStatusCode status) => mode switch
    {
        RetryMode.Idempotent => IsTransient(status),
        _ => status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests,
    };

    /// <summary>
    /// For a failure without a response: an HttpClient timeout or a network error. The
    /// caller's own cancellation is never retried.
    /// </summary>
    public static bool ShouldRetry(RetryMode mode, Exception exception, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return false;
        return exception switch
        {
            HttpRequestException http => mode == RetryMode.Idempotent || NeverReachedTheService(http),
            // HttpClient.Timeout: the request may well have been applied.
            OperationCanceledException => mode == RetryMode.Idempotent,
            _ => false,
        };
    }

    private static bool NeverReachedTheService(HttpRequestException exception) => exception.HttpRequestError is
        HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError;

    /// <param name="retry">1 for the first retry.</param>
    /// <param name="jitter">A number in [0, 1).</param>
    public TimeSpan DelayBefore(int retry, RetryConditionHeaderValue? retryAfter, DateTimeOffset now, double jitter)
    {
        var exponential = firstDelay * Math.Pow(2, Math.Min(retry - 1, 16));
        // 80%..120%, so that clients that failed together do not retry together.
        var delay = exponential * (0.8 + 0.4 * jitter);

        var serviceAsked = retryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => TimeSpan.Zero,
        };
        if (serviceAsked > delay) delay = serviceAsked;
        return delay > maxDelay ? maxDelay : delay;
    }
}
