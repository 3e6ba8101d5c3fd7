using Microsoft.Extensions.Logging;

namespace Saver.Storage.Blobs.Azure;

/// <summary>What <see cref="AzureBlobStore"/> logs, as source-generated log methods.</summary>
internal static partial class AzureBlobStoreLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug,
        Message = "{Operation}: {Status} {ErrorCode} in {ElapsedMs:F0} ms (client request id {ClientRequestId})")]
    public static partial void Answered(ILogger logger, string operation, int status, string? errorCode, double elapsedMs, string clientRequestId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "{Operation}: attempt {Attempt} answered {Status} {ErrorCode}; retrying in {Delay} (client request id {ClientRequestId})")]
    public static partial void RetryingAfterStatus(ILogger logger, string operation, int attempt, int status, string? errorCode, TimeSpan delay, string clientRequestId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "{Operation}: attempt {Attempt} got no response; retrying in {Delay} (client request id {ClientRequestId})")]
    public static partial void RetryingAfterException(ILogger logger, string operation, int attempt, TimeSpan delay, string clientRequestId, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Created blob container {Container} at {Endpoint}")]
    public static partial void ContainerCreated(ILogger logger, string container, Uri endpoint);
}
