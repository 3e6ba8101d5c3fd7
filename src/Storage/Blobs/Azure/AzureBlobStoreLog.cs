using Microsoft.Extensions.Logging;

namespace Saver.Storage.Blobs.Azure;

/// <summary>What <see cref="AzureBlobStore"/> logs, as source-generated log methods.</summary>
internal static partial class AzureBlobStoreLog
{
    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Created blob container {Container} at {Endpoint}")]
    public static partial void ContainerCreated(ILogger logger, string container, Uri endpoint);
}
