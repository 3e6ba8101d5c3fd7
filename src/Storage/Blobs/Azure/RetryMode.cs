namespace Saver.Storage.Blobs.Azure;

/// <summary>Which failures of a request may be answered by sending it again.</summary>
internal enum RetryMode
{
    /// <summary>
    /// Repeating the request cannot change the outcome (reads, listing, creating a container
    /// if missing): retry every transient failure, including a lost response.
    /// </summary>
    Idempotent,

    /// <summary>
    /// A repeat could see the effect of the first attempt and fail where the first succeeded
    /// (a create-only put answered 409 by its own earlier success, a delete answered 404, a
    /// lease acquired twice): retry only when the service certainly did not apply it.
    /// </summary>
    OnlyIfNotApplied,
}
