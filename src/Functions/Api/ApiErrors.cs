using Saver.Storage;
using Saver.Storage.Blobs;
using Saver.Storage.Git;

namespace Saver.Functions.Api;

/// <summary>A request the original answers 400 for (a body that is not a JSON object, for instance).</summary>
public sealed class RequestException(string message) : Exception(message);

/// <summary>The status the original gives each kind of failure (docs/api.md §1), and ours for a store that is out of reach.</summary>
public static class ApiErrors
{
    /// <summary>What a 503 asks the caller to wait before trying again: a lease held, a store restarting.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public static int StatusFor(Exception e) => e switch
    {
        RequestException or UnknownIdException or BadRequestException => StatusCodes.Status400BadRequest,
        WriteNotSupportedException => StatusCodes.Status505HttpVersionNotsupported,
        _ when IsUnavailable(e) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>
    /// The store cannot serve the request now, nothing is wrong with the request itself: the
    /// store is out of reach or failing, a kata's lease could not be had in time, other writers
    /// kept overtaking a write to a kata, or a kata's history went back in the store (a write
    /// then would branch it; the store logs which).
    /// </summary>
    private static bool IsUnavailable(Exception e)
    {
        for (Exception? cause = e; cause is not null; cause = cause.InnerException)
        {
            if (cause is BlobLeaseTimeoutException or RepositoryWentBackException or RepositoryContendedException) return true;
            if (cause is BlobStoreException { IsUnavailable: true }) return true;
        }
        return false;
    }
}
