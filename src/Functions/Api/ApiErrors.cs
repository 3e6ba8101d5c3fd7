using Saver.Storage;

namespace Saver.Functions.Api;

/// <summary>A request the original answers 400 for (a body that is not a JSON object, for instance).</summary>
public sealed class RequestException(string message) : Exception(message);

/// <summary>The status the original gives each kind of failure (spec §1).</summary>
public static class ApiErrors
{
    public static int StatusFor(Exception e) => e switch
    {
        RequestException or UnknownIdException or BadRequestException => StatusCodes.Status400BadRequest,
        WriteNotSupportedException => StatusCodes.Status505HttpVersionNotsupported,
        Saver.Storage.Blobs.BlobLeaseTimeoutException => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
