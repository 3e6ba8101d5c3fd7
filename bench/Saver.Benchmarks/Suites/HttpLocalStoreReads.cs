using BenchmarkDotNet.Attributes;
using Saver.Benchmarks.Infrastructure;
using Saver.Benchmarks.Scenarios;

namespace Saver.Benchmarks.Suites;

/// <summary>
/// Reads over HTTP on the local-directory store, from a kata of <see cref="EventsBefore"/>
/// events that the reads do not change: kata_event of its latest event, and kata_events.
/// The server has the kata unpacked already, as it would after the kata's last write.
/// </summary>
[InvocationCount(128)]
public class HttpLocalStoreReads
{
    private SaverHttpScenario? _scenario;
    private readonly CpuMeter _cpu = new(() => []);
    private long _reads;
    private string? _measured;

    [Params(10, 200)]
    public int EventsBefore { get; set; }

    /// <summary>The scenario behind the benchmarks, for the test that runs each benchmark once.</summary>
    internal SaverHttpScenario Scenario => _scenario ?? throw new InvalidOperationException("GlobalSetup has not run");

    [GlobalSetup]
    public void GlobalSetup()
    {
        _scenario = new SaverHttpScenario(SaverStore.LocalDirectory);
        _scenario.PrepareAsync(EventsBefore, CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark]
    [Scenario("Saver over HTTP, local store: read kata_event (latest)", Unit = "read")]
    public Task<string> KataEvent()
    {
        _reads++;
        _measured = nameof(KataEvent);
        return Scenario.ReadEventAsync(EventsBefore - 1, CancellationToken.None);
    }

    [Benchmark]
    [Scenario("Saver over HTTP, local store: read kata_events", Unit = "read")]
    public Task<string> KataEvents()
    {
        _reads++;
        _measured = nameof(KataEvents);
        return Scenario.ReadEventsAsync(CancellationToken.None);
    }

    [IterationSetup]
    public void IterationSetup() => _cpu.Start(_reads);

    [IterationCleanup]
    public void IterationCleanup() => _cpu.Stop(_reads);

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        if (_measured is not null) _cpu.Save(CpuMeter.BenchmarkName(this, _measured), EventsBefore);
        _scenario?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _scenario = null;
    }
}
