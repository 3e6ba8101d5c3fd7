namespace Saver.Storage.Blobs;

/// <summary>
/// A failed blob operation, with the HTTP status and the Azure error code that describe it
/// (the same status and code from every <see cref="IBlobStore"/> implementation).
/// </summary>
public class BlobStoreException : Exception
{
    public BlobStoreException(int status, string errorCode, string message, Exception? inner = null)
        : base($"{message} (status {status}, {errorCode})", inner)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    public int Status { get; }
    public string ErrorCode { get; }

    /// <summary>Maps a status and code to the most specific exception type.</summary>
    public static BlobStoreException From(int status, string errorCode, string message, Exception? inner = null) => errorCode switch
    {
        BlobErrorCode.BlobNotFound or BlobErrorCode.ContainerNotFound => new BlobNotFoundException(status, errorCode, message, inner),
        BlobErrorCode.BlobAlreadyExists or BlobErrorCode.ConditionNotMet or BlobErrorCode.AppendPositionConditionNotMet =>
            new BlobConditionFailedException(status, errorCode, message, inner),
        _ when errorCode.StartsWith("Lease", StringComparison.Ordinal) => new BlobLeaseException(status, errorCode, message, inner),
        _ => new BlobStoreException(status, errorCode, message, inner),
    };

    /// <summary>
    /// The store did not answer, or answered that it cannot serve now (no response, 5xx, 408,
    /// 429): a caller may try again later, and the API answers 503.
    /// </summary>
    public bool IsUnavailable => Status is 0 or 408 or 429 or >= 500;
}

/// <summary>404: the blob (or its container) does not exist.</summary>
public sealed class BlobNotFoundException(int status, string errorCode, string message, Exception? inner = null)
    : BlobStoreException(status, errorCode, message, inner);

/// <summary>409 BlobAlreadyExists, 412 ConditionNotMet or 412 AppendPositionConditionNotMet: a condition did not hold.</summary>
public sealed class BlobConditionFailedException(int status, string errorCode, string message, Exception? inner = null)
    : BlobStoreException(status, errorCode, message, inner);

/// <summary>Any Lease* error: someone else holds the lease, or ours is gone.</summary>
public sealed class BlobLeaseException(int status, string errorCode, string message, Exception? inner = null)
    : BlobStoreException(status, errorCode, message, inner);

/// <summary>The Azure error codes the contract uses.</summary>
public static class BlobErrorCode
{
    public const string BlobNotFound = "BlobNotFound";
    public const string ContainerNotFound = "ContainerNotFound";
    public const string BlobAlreadyExists = "BlobAlreadyExists";
    public const string ConditionNotMet = "ConditionNotMet";
    public const string LeaseAlreadyPresent = "LeaseAlreadyPresent";
    public const string LeaseIdMissing = "LeaseIdMissing";
    public const string LeaseIdMismatchWithBlobOperation = "LeaseIdMismatchWithBlobOperation";
    public const string LeaseIdMismatchWithLeaseOperation = "LeaseIdMismatchWithLeaseOperation";
    public const string LeaseNotPresentWithBlobOperation = "LeaseNotPresentWithBlobOperation";
    public const string LeaseNotPresentWithLeaseOperation = "LeaseNotPresentWithLeaseOperation";
    public const string LeaseLost = "LeaseLost";
    public const string InvalidHeaderValue = "InvalidHeaderValue";
    public const string AppendPositionConditionNotMet = "AppendPositionConditionNotMet";
    public const string InvalidBlobType = "InvalidBlobType";
    /// <summary>Not Azure's: the request got no answer at all (status 0).</summary>
    public const string NoResponse = "NoResponse";
}
