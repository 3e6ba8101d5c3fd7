using System.Diagnostics;
using Saver.Benchmarks.Workload;

namespace Saver.Benchmarks.Scenarios;

/// <summary>
/// One way of storing a kata's events, driven the same way whatever the way: prepare a kata
/// holding a given number of events, then save events to it one kata_ran_tests at a time,
/// putting it back to the prepared state between measured batches so every batch starts from
/// the same number of events.
/// </summary>
public abstract class KataScenario : IAsyncDisposable
{
    private readonly BrowserSession _browser = new();

    /// <summary>The number of events the prepared kata holds.</summary>
    public int EventsBefore { get; private set; }

    /// <summary>Starts what the scenario needs and makes a kata holding exactly <paramref name="eventsBefore"/> events.</summary>
    public async Task PrepareAsync(int eventsBefore, CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        await CreateKataAsync(cancellationToken).ConfigureAwait(false);
        foreach (var write in _browser.History(eventsBefore)) await SendAsync(write, cancellationToken).ConfigureAwait(false);
        await KeepPreparedStateAsync(cancellationToken).ConfigureAwait(false);
        EventsBefore = eventsBefore;
    }

    /// <summary>Puts the kata back as <see cref="PrepareAsync"/> left it (not measured).</summary>
    public abstract Task RestoreAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The measured operation: one kata_ran_tests with one edited file, which the store
    /// records as two events (the implicit file_edit and the light).
    /// </summary>
    public Task SaveEventAsync(CancellationToken cancellationToken) => SendAsync(_browser.Next(edited: true), cancellationToken);

    /// <summary>Processes besides this one and its children that do the scenario's work (Azurite), for CPU accounting.</summary>
    public virtual IEnumerable<Process> HelperProcesses => [];

    /// <summary>How many events the kata holds now, read back from the store (for checks, not measured).</summary>
    public abstract Task<int> CountEventsAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    protected abstract Task StartAsync(CancellationToken cancellationToken);

    protected abstract Task CreateKataAsync(CancellationToken cancellationToken);

    protected abstract Task SendAsync(RanTests write, CancellationToken cancellationToken);

    protected abstract Task KeepPreparedStateAsync(CancellationToken cancellationToken);
}
