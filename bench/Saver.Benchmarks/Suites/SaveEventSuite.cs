using BenchmarkDotNet.Attributes;
using Saver.Benchmarks.Infrastructure;
using Saver.Benchmarks.Scenarios;

namespace Saver.Benchmarks.Suites;

/// <summary>
/// Saving events: each operation is one kata_ran_tests with one edited file (an implicit
/// file_edit and a light, as a browser produces them) to a kata that held
/// <see cref="EventsBefore"/> events when its iteration began. Each iteration starts from the
/// same prepared kata (put back, unmeasured, in <see cref="IterationSetup"/>), so a kata of
/// ~10 events stays a kata of ~10 events however long the run.
/// </summary>
public abstract class SaveEventSuite
{
    private KataScenario? _scenario;
    private CpuMeter? _cpu;
    private long _saves;

    [Params(10, 200)]
    public int EventsBefore { get; set; }

    /// <summary>The scenario behind the benchmark, for the test that runs each benchmark once.</summary>
    internal KataScenario Scenario => _scenario ?? throw new InvalidOperationException("GlobalSetup has not run");

    protected abstract KataScenario CreateScenario();

    /// <summary>A fresh scenario of this suite's kind, for <see cref="KataLifetimeRun"/>.</summary>
    internal KataScenario CreateScenarioForLifetime() => CreateScenario();

    [GlobalSetup]
    public void GlobalSetup()
    {
        var scenario = _scenario = CreateScenario();
        _cpu = new CpuMeter(() => scenario.HelperProcesses);
        _scenario.PrepareAsync(EventsBefore, CancellationToken.None).GetAwaiter().GetResult();
    }

    [IterationSetup]
    public void IterationSetup()
    {
        Scenario.RestoreAsync(CancellationToken.None).GetAwaiter().GetResult();
        _cpu?.Start(_saves);
    }

    [Benchmark]
    public Task SaveEvent()
    {
        _saves++;
        return Scenario.SaveEventAsync(CancellationToken.None);
    }

    [IterationCleanup]
    public void IterationCleanup() => _cpu?.Stop(_saves);

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _cpu?.Save(CpuMeter.BenchmarkName(this, nameof(SaveEvent)), EventsBefore);
        _scenario?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _scenario = null;
    }
}
