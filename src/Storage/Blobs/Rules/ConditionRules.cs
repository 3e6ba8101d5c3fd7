namespace Saver.Storage.Blobs.Rules;

/// <summary>
/// The ETag conditions of <see cref="BlobConditions"/>, as Azure evaluates them on a put,
/// a delete and a conditional get. Lease conditions are checked before these
/// (<see cref="LeaseRules.Write"/>), as Azure does.
/// </summary>
internal static class ConditionRules
{
    /// <param name="current">The blob's ETag, or null when it does not exist.</param>
    public static void CheckPut(string name, ETag? current, BlobConditions? conditions)
    {
        if (conditions is null) return;
        if (current is { } etag && conditions.IfNoneMatch is { } ifNoneMatch)
        {
            if (ifNoneMatch == ETag.All)
                throw BlobStoreException.From(409, BlobErrorCode.BlobAlreadyExists, $"blob {name} already exists");
            if (ifNoneMatch == etag)
                throw BlobStoreException.From(412, BlobErrorCode.ConditionNotMet, $"blob {name} still has ETag {etag}");
        }
        CheckIfMatch(name, current, conditions.IfMatch);
    }

    /// <summary>A delete is only evaluated on an existing blob: a missing one is simply not deleted.</summary>
    public static void CheckDelete(string name, ETag current, BlobConditions? conditions)
    {
        if (conditions is null) return;
        if (conditions.IfNoneMatch is { } ifNoneMatch && (ifNoneMatch == ETag.All || ifNoneMatch == current))
            throw BlobStoreException.From(412, BlobErrorCode.ConditionNotMet, $"blob {name} has ETag {current}");
        CheckIfMatch(name, current, conditions.IfMatch);
    }

    /// <summary>True when a get with this If-None-Match should answer 304 Not Modified.</summary>
    public static bool IsNotModified(ETag current, ETag? ifNoneMatch) =>
        ifNoneMatch is { } tag && (tag == ETag.All || tag == current);

    private static void CheckIfMatch(string name, ETag? current, ETag? ifMatch)
    {
        if (ifMatch is not { } expected) return;
        // As Azure answers: no blob has the expected ETag, so the condition is simply not met.
        if (current is not { } etag)
            throw BlobStoreException.From(412, BlobErrorCode.ConditionNotMet, $"blob {name} does not exist");
        if (expected != ETag.All && expected != etag)
            throw BlobStoreException.From(412, BlobErrorCode.ConditionNotMet, $"blob {name} has ETag {etag}, not {expected}");
    }
}
