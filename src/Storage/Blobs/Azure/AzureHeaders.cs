namespace Saver.Storage.Blobs.Azure;

/// <summary>The blob service's own header names.</summary>
internal static class AzureHeaders
{
    public const string Version = "x-ms-version";
    public const string Date = "x-ms-date";
    public const string ClientRequestId = "x-ms-client-request-id";
    public const string RequestId = "x-ms-request-id";
    public const string ErrorCode = "x-ms-error-code";
    public const string BlobType = "x-ms-blob-type";
    public const string LeaseId = "x-ms-lease-id";
    public const string LeaseAction = "x-ms-lease-action";
    public const string LeaseDuration = "x-ms-lease-duration";
    public const string ProposedLeaseId = "x-ms-proposed-lease-id";
    public const string LeaseBreakPeriod = "x-ms-lease-break-period";
    public const string LeaseTime = "x-ms-lease-time";
    public const string LeaseState = "x-ms-lease-state";
}
