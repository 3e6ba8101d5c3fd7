using Azure;

namespace Saver.Storage.Blobs.Azure;

/// <summary>
/// Turns what the Azure SDK throws into <see cref="BlobStoreException"/>s, so callers see the
/// same status and error code from every store. A request that got no answer at all (the
/// SDK's status 0, or its retries ending in an <see cref="AggregateException"/> of transport
/// failures) becomes status 0 <see cref="BlobErrorCode.NoResponse"/>: the store is out of reach.
/// </summary>
internal static class AzureErrors
{
    /// <summary>Runs one SDK call, translating its failures; the caller's own cancellation passes through unchanged.</summary>
    public static async Task<T> Call<T>(string operation, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && Translate(e, operation) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>The store's exception for a failure of <paramref name="operation"/>, or null when it is not the SDK's.</summary>
    public static BlobStoreException? Translate(Exception exception, string operation) => exception switch
    {
        RequestFailedException { Status: > 0 } e =>
            BlobStoreException.From(e.Status, ErrorCode(e), $"{operation}: {FirstLine(e.Message)}", e),
        RequestFailedException e => NoResponse(operation, e),
        AggregateException e when e.InnerExceptions.All(IsTransportFailure) => NoResponse(operation, e),
        // The SDK's own network timeout of one attempt, when it is the last.
        OperationCanceledException e => NoResponse(operation, e),
        _ => null,
    };

    /// <summary>
    /// The service's code: as the SDK read it, else the x-ms-error-code header (the SDK reads
    /// the body first and gives up on an empty one), else a stand-in naming the status.
    /// </summary>
    private static string ErrorCode(RequestFailedException e) =>
        e.ErrorCode is { Length: > 0 } code ? code
        : e.GetRawResponse() is { } response && response.Headers.TryGetValue("x-ms-error-code", out var header) && header is { Length: > 0 } ? header
        : $"Http{e.Status}";

    private static bool IsTransportFailure(Exception e) =>
        e is RequestFailedException { Status: 0 } or OperationCanceledException or HttpRequestException or IOException;

    private static BlobStoreException NoResponse(string operation, Exception inner) =>
        new(0, BlobErrorCode.NoResponse, $"{operation}: the blob service did not answer ({FirstLine(inner.Message)})", inner);

    /// <summary>The SDK's messages go on for many lines of headers; the first says what happened.</summary>
    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
