using System.CommandLine;
using Saver.Benchmarks.Infrastructure;
using Saver.Benchmarks.Measurement;
using Saver.Benchmarks.Runs;
using Saver.Benchmarks.Workload;

namespace Saver.Benchmarks;

/// <summary>
/// The speed benchmark (bench/README.md): Saver through HTTP on each store, measured as issue
/// #10 names it, beside a re-creation of the original's disk + git way. Run it with ./bench.sh.
/// </summary>
public static class BenchmarkProgram
{
    public static int Main(string[] args)
    {
        var quick = new Option<bool>("--quick") { Description = "A smoke run: a tenth of every workload, figures only indicative." };
        var stores = new Option<string[]>("--store")
        {
            Description = "Which stores to run Saver on (local, azurite); default both.",
            AllowMultipleArgumentsPerToken = true,
        };
        var noBaseline = new Option<bool>("--no-baseline") { Description = "Leave out the baseline." };
        var lifetime = new Option<int?>("--lifetime") { Description = "Saves in the kata's life (default 400: an 800-event kata)." };
        var lives = new Option<int?>("--lives") { Description = "Katas lived one after another (default 3); the life's figures are the median of theirs." };
        lives.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() < 1) result.AddError("--lives must be at least 1.");
        });
        var nodeHeap = new Option<bool>("--azurite-node-heap")
        {
            Description = "Run Azurite with Node's own heap sizing, which pauses it for a full collection every few seconds under load.",
        };
        var root = new RootCommand("Saver's speed benchmark: issue #10's figures through HTTP on each store, beside the baseline.")
        {
            quick, stores, noBaseline, lifetime, lives, nodeHeap,
        };
        root.SetAction(parsed =>
        {
            var settings = parsed.GetValue(quick) ? BenchmarkSettings.Quick : new BenchmarkSettings();
            if (parsed.GetValue(stores) is { Length: > 0 } chosen) settings = settings with { Stores = chosen };
            if (parsed.GetValue(lifetime) is { } saves) settings = settings with { LifetimeSaves = saves };
            if (parsed.GetValue(lives) is { } count) settings = settings with { Lives = count };
            if (parsed.GetValue(noBaseline)) settings = settings with { Baseline = false };
            if (parsed.GetValue(nodeHeap)) settings = settings with { AzuriteHeap = AzuriteHeap.NodeDefault };
            // WebApplicationFactory finds the app's content root through MvcTestingAppManifest.json
            // in the current folder; it is beside this program.
            Directory.SetCurrentDirectory(AppContext.BaseDirectory);
            return RunAsync(settings, Console.Out, CancellationToken.None).GetAwaiter().GetResult();
        });
        return root.Parse(args).Invoke();
    }

    public static async Task<int> RunAsync(BenchmarkSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine($"Saver speed benchmark on {Environment.ProcessorCount} cores{(settings == BenchmarkSettings.Quick ? " (--quick: indicative only)" : "")}");
        var baseline = settings.Baseline ? await BaselineRun.RunAsync(settings.LifetimeSaves, output, cancellationToken).ConfigureAwait(false) : null;
        var figures = new List<StoreFigures>();
        foreach (var store in settings.Stores)
        {
            await DiskFlush.AllAsync(cancellationToken).ConfigureAwait(false);
            figures.Add(await SaverStoreRun.RunAsync(store, settings, output, cancellationToken).ConfigureAwait(false));
        }
        output.WriteLine();
        output.WriteLine("One save: a kata_ran_tests with a one-line edit of a five-file kata (two events). Times through HTTP on loopback, in ms.");
        output.WriteLine("Baseline: a re-creation of the original's way (git working tree on local disk, git CLI); the original itself took ~65 ms here.");
        output.WriteLine();
        Report.Write(output, baseline, figures, ChangeSize.Of(new BrowserSession().Next()));
        return 0;
    }
}
