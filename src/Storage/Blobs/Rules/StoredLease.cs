namespace Saver.Storage.Blobs.Rules;

/// <summary>
/// A lease as a store keeps it. Expiry and the end of a break are moments, not events:
/// the state a caller sees is worked out from <see cref="Until"/> at the time of asking,
/// so no timer has to run and a store on disk needs nothing but this record.
/// </summary>
/// <param name="Id">The lease id, as given by or returned to the acquirer.</param>
/// <param name="Phase">Leased, Breaking or Broken (Available is "no stored lease";
/// Expired is a Leased whose <see cref="Until"/> has passed).</param>
/// <param name="Duration">The acquired duration, reused by renewals.</param>
/// <param name="Until">When Leased: the expiry. When Breaking: the end of the break period.
/// When Broken: unused.</param>
internal sealed record StoredLease(string Id, LeaseState Phase, TimeSpan Duration, DateTimeOffset Until)
{
    public LeaseState StateAt(DateTimeOffset now) => Phase switch
    {
        LeaseState.Leased => now < Until ? LeaseState.Leased : LeaseState.Expired,
        LeaseState.Breaking => now < Until ? LeaseState.Breaking : LeaseState.Broken,
        _ => LeaseState.Broken,
    };

    /// <summary>Leased or Breaking: writes need this lease's id and nobody else may acquire.</summary>
    public bool IsLockedAt(DateTimeOffset now) => StateAt(now) is LeaseState.Leased or LeaseState.Breaking;

    public bool HasId(string leaseId) => string.Equals(Id, leaseId, StringComparison.OrdinalIgnoreCase);
}
