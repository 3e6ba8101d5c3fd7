using BenchmarkDotNet.Attributes;
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
    public Task<string> KataEvent() => Scenario.ReadEventAsync(EventsBefore - 1, CancellationToken.None);

    [Benchmark]
    [Scenario("Saver over HTTP, local store: read kata_events", Unit = "read")]
    public Task<string> KataEvents() => Scenario.ReadEventsAsync(CancellationToken.None);

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _scenario?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _scenario = null;
    }
}
