using Microsoft.Extensions.Time.Testing;

namespace Saver.Tests.Infrastructure;

/// <summary>
/// A fake clock that says when someone starts waiting on it. Code under test computes a
/// delay and then creates a timer for it; moving a fake clock on in between would push
/// that timer back. Waiting for <see cref="TimerCreated"/> before advancing removes the race.
/// </summary>
public sealed class ObservedTimeProvider(FakeTimeProvider fake) : TimeProvider
{
    /// <summary>Released once for every timer (every Task.Delay) created on this clock.</summary>
    public SemaphoreSlim TimerCreated { get; } = new(0);

    public FakeTimeProvider Fake => fake;

    public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

    public override long GetTimestamp() => fake.GetTimestamp();

    public override long TimestampFrequency => fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = fake.CreateTimer(callback, state, dueTime, period);
        TimerCreated.Release();
        return timer;
    }
}
