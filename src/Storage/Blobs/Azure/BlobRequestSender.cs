using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Saver.Storage.Blobs.Azure;

/// <summary>
/// Sends one logical blob service request: stamps the version and date, signs, and repeats
/// it as <see cref="BlobRetryPolicy"/> allows. A request message can be sent only once, so
/// every attempt builds a new one.
/// </summary>
internal sealed class BlobRequestSender(
    HttpClient httpClient,
    SharedKeyCredential credential,
    BlobRetryPolicy retryPolicy,
    TimeProvider timeProvider,
    ILogger logger)
{
    /// <summary>The REST API version spoken; Azurite runs with --skipApiVersionCheck anyway.</summary>
    public const string ServiceVersion = "2021-12-02";

    /// <summary>
    /// The final response, successful or not (the caller decides what a 404 means), or a
    /// <see cref="BlobStoreException"/> with status 0 when no response came at all.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> createRequest, RetryMode mode, string operation, CancellationToken cancellationToken)
    {
        // One id for every attempt, so the service's logs tie the retries together.
        var clientRequestId = Guid.NewGuid().ToString();
        for (var attempt = 1; ; attempt++)
        {
            using var request = createRequest();
            request.Headers.TryAddWithoutValidation(AzureHeaders.Version, ServiceVersion);
            request.Headers.TryAddWithoutValidation(AzureHeaders.Date, timeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation(AzureHeaders.ClientRequestId, clientRequestId);
            credential.Sign(request);

            var started = Stopwatch.GetTimestamp();
            HttpResponseMessage response;
            try
            {
                response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
            {
                if (cancellationToken.IsCancellationRequested) throw;
                if (attempt > retryPolicy.MaxRetries || !BlobRetryPolicy.ShouldRetry(mode, exception, cancellationToken))
                    throw new BlobStoreException(0, "NoResponse", $"{operation} failed: no response from the blob service ({exception.Message})", exception);

                var delay = retryPolicy.DelayBefore(attempt, null, timeProvider.GetUtcNow(), Random.Shared.NextDouble());
                AzureBlobStoreLog.RetryingAfterException(logger, operation, attempt, delay, clientRequestId, exception);
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }

            AzureBlobStoreLog.Answered(logger, operation, (int)response.StatusCode,
                BlobErrorResponse.ErrorCodeHeader(response), Stopwatch.GetElapsedTime(started).TotalMilliseconds, clientRequestId);

            if (attempt > retryPolicy.MaxRetries || !BlobRetryPolicy.ShouldRetry(mode, response.StatusCode))
                return response;

            var wait = retryPolicy.DelayBefore(attempt, response.Headers.RetryAfter, timeProvider.GetUtcNow(), Random.Shared.NextDouble());
            AzureBlobStoreLog.RetryingAfterStatus(logger, operation, attempt, (int)response.StatusCode,
                BlobErrorResponse.ErrorCodeHeader(response), wait, clientRequestId);
            response.Dispose();
            await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}
