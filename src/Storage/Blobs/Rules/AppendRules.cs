namespace Saver.Storage.Blobs.Rules;

/// <summary>The rules of an append, as Azure applies them after the lease rules.</summary>
internal static class AppendRules
{
    public static BlobStoreException NotAnAppendBlob(string name) =>
        BlobStoreException.From(409, BlobErrorCode.InvalidBlobType, $"blob {name} is not an append blob");

    /// <summary>A compare-and-append: the blob must be exactly as long as the caller believes.</summary>
    public static void CheckPosition(string name, long length, AppendConditions? conditions)
    {
        if (conditions?.AppendPosition is { } expected && expected != length)
            throw BlobStoreException.From(412, BlobErrorCode.AppendPositionConditionNotMet,
                $"blob {name} is {length} bytes long, not {expected}");
    }
}
