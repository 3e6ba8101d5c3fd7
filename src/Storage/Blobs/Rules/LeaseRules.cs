namespace Saver.Storage.Blobs.Rules;

/// <summary>
/// Azure's blob lease state machine (Available, Leased, Expired, Breaking, Broken) as pure
/// functions, shared by the in-memory and the local-directory store so both behave the
/// same. Each takes the stored lease (null when Available) and the current time, and
/// returns the lease to store or throws the error Azure would answer.
/// </summary>
/// <remarks>
/// Followed from Azure's "Lease Blob" documentation and Azurite's lease states: an
/// expired lease can still be renewed or released with its id, and is forgotten by the
/// next write; a broken lease can be released or re-acquired but not renewed.
/// </remarks>
internal static class LeaseRules
{
    public static readonly TimeSpan MinDuration = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan MaxBreakPeriod = TimeSpan.FromSeconds(60);

    public static void ValidateDuration(TimeSpan duration)
    {
        if (duration < MinDuration || duration > MaxDuration)
            throw Error(400, BlobErrorCode.InvalidHeaderValue, $"lease duration {duration.TotalSeconds} s is outside 15..60 s");
    }

    public static void ValidateBreakPeriod(TimeSpan breakPeriod)
    {
        if (breakPeriod < TimeSpan.Zero || breakPeriod > MaxBreakPeriod)
            throw Error(400, BlobErrorCode.InvalidHeaderValue, $"break period {breakPeriod.TotalSeconds} s is outside 0..60 s");
    }

    /// <summary>Azure takes lease ids only in GUID form and answers anything else with 400.</summary>
    public static void ValidateLeaseId(string? leaseId)
    {
        if (leaseId is not null && !Guid.TryParse(leaseId, out _))
            throw Error(400, BlobErrorCode.InvalidHeaderValue, $"lease id '{leaseId}' is not a GUID");
    }

    public static StoredLease Acquire(StoredLease? lease, TimeSpan duration, string? proposedId, DateTimeOffset now)
    {
        var state = lease?.StateAt(now) ?? LeaseState.Available;
        if (state == LeaseState.Leased && proposedId is not null && lease!.HasId(proposedId))
            return lease with { Duration = duration, Until = now + duration };
        if (state == LeaseState.Breaking && proposedId is not null && lease!.HasId(proposedId))
            throw Error(409, "LeaseIsBreakingAndCannotBeAcquired", "the lease is breaking and cannot be acquired again");
        if (state is LeaseState.Leased or LeaseState.Breaking)
            throw Error(409, BlobErrorCode.LeaseAlreadyPresent, "there is already a lease present");
        return new StoredLease(proposedId ?? Guid.NewGuid().ToString(), LeaseState.Leased, duration, now + duration);
    }

    public static StoredLease Renew(StoredLease? lease, string leaseId, DateTimeOffset now)
    {
        if (lease is null || !lease.HasId(leaseId))
            throw Error(409, BlobErrorCode.LeaseIdMismatchWithLeaseOperation, "the lease id does not match the blob's lease");
        return lease.StateAt(now) switch
        {
            LeaseState.Leased or LeaseState.Expired => lease with { Phase = LeaseState.Leased, Until = now + lease.Duration },
            _ => throw Error(409, "LeaseIsBrokenAndCannotBeRenewed", "the lease is broken and cannot be renewed"),
        };
    }

    /// <summary>Checks a release; afterwards the blob has no lease.</summary>
    public static void Release(StoredLease? lease, string leaseId)
    {
        if (lease is null || !lease.HasId(leaseId))
            throw Error(409, BlobErrorCode.LeaseIdMismatchWithLeaseOperation, "the lease id does not match the blob's lease");
    }

    /// <returns>The broken or breaking lease, and the time left before the blob can be acquired.</returns>
    public static (StoredLease Lease, TimeSpan Remaining) Break(StoredLease? lease, TimeSpan breakPeriod, DateTimeOffset now)
    {
        var state = lease?.StateAt(now) ?? LeaseState.Available;
        if (lease is null || state == LeaseState.Available)
            throw Error(409, BlobErrorCode.LeaseNotPresentWithLeaseOperation, "there is no lease to break");

        // A break never lengthens a lock: it ends at the earlier of the requested period and
        // the moment the lease (or an earlier break) would have ended anyway.
        var lockedUntil = state switch
        {
            LeaseState.Leased => lease.Until,
            LeaseState.Breaking => lease.Until,
            _ => now,
        };
        var breakEnd = Min(lockedUntil, now + breakPeriod);
        return breakEnd > now
            ? (lease with { Phase = LeaseState.Breaking, Until = breakEnd }, breakEnd - now)
            : (lease with { Phase = LeaseState.Broken, Until = now }, TimeSpan.Zero);
    }

    /// <summary>
    /// Checks the lease condition of a write (put or delete) and returns the lease the blob
    /// keeps afterwards: an active lease stays, an expired or broken one is forgotten.
    /// </summary>
    public static StoredLease? Write(StoredLease? lease, string? leaseId, DateTimeOffset now)
    {
        if (lease is not null && lease.IsLockedAt(now))
        {
            if (leaseId is null)
                throw Error(412, BlobErrorCode.LeaseIdMissing, "there is a lease on the blob and no lease id was given");
            if (!lease.HasId(leaseId))
                throw Error(412, BlobErrorCode.LeaseIdMismatchWithBlobOperation, "the lease id does not match the blob's lease");
            return lease;
        }
        if (leaseId is not null)
        {
            // Azure's LeaseLost says "a lease id was given but the lease has expired"; with no
            // lease at all it answers LeaseNotPresentWithBlobOperation.
            throw lease is null
                ? Error(412, BlobErrorCode.LeaseNotPresentWithBlobOperation, "there is no lease on the blob")
                : Error(412, BlobErrorCode.LeaseLost, "a lease id was given but the blob's lease has expired or was broken");
        }
        return null;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static BlobStoreException Error(int status, string code, string message) => BlobStoreException.From(status, code, message);
}
