namespace Saver.Storage.Blobs;

/// <summary>How a <see cref="BlobLease"/> is held and how long its acquirer waits for it.</summary>
public sealed record BlobLeaseOptions
{
    public static BlobLeaseOptions Default { get; } = new();

    /// <summary>
    /// The lease's duration (15..60 s). Azure's minimum by default: the lease is renewed
    /// while its holder works, so a short one costs nothing, and a crashed writer frees the
    /// blob (the kata) within 15 seconds.
    /// </summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long <see cref="BlobLease.AcquireAsync"/> waits while someone else holds the lease.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The first pause between attempts to acquire; each pause doubles, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The longest pause between attempts to acquire.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    internal void Validate()
    {
        if (Duration < TimeSpan.FromSeconds(15) || Duration > TimeSpan.FromSeconds(60))
            throw new ArgumentOutOfRangeException(nameof(Duration), Duration, "a lease lasts 15 to 60 seconds");
        ArgumentOutOfRangeException.ThrowIfLessThan(WaitTimeout, TimeSpan.Zero, nameof(WaitTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FirstRetryDelay, TimeSpan.Zero, nameof(FirstRetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, FirstRetryDelay, nameof(MaxRetryDelay));
    }
}
