using System.CommandLine;
using BenchmarkDotNet.Running;
using Saver.Benchmarks.Infrastructure;
using Saver.Benchmarks.Suites;

namespace Saver.Benchmarks;

/// <summary>
/// The speed benchmark: is Saver faster per event than the original's way of storing one on
/// local disk with git? Run it with ./bench.sh (see bench/README.md).
/// </summary>
public static class BenchmarkProgram
{
    /// <summary>Every benchmark class, in the order they run.</summary>
    public static IReadOnlyList<Type> Suites { get; } =
    [
        typeof(BaselineDiskGit),
        typeof(HttpLocalStore),
        typeof(HttpAzurite),
        typeof(DomainLocalStore),
        typeof(DomainInMemory),
        typeof(HttpLocalStoreReads),
    ];

    public static int Main(string[] args)
    {
        var quick = new Option<bool>("--quick")
        {
            Description = "A smoke run in well under a minute per scenario: fewer iterations, figures only indicative.",
        };
        var filter = new Option<string[]>("--filter")
        {
            Description = "Run only the benchmarks whose Type.Method name matches one of these glob patterns, " +
                          "e.g. --filter '*Baseline*' '*HttpLocalStore.*'. See --list.",
            AllowMultipleArgumentsPerToken = true,
        };
        var artifacts = new Option<string>("--artifacts")
        {
            Description = "Where BenchmarkDotNet writes its logs and reports.",
            DefaultValueFactory = _ => Path.Combine(RepositoryRoot.Find(), "bench", "artifacts"),
        };
        var list = new Option<bool>("--list") { Description = "List the benchmarks (Type.Method) and exit." };
        var lifetime = new Option<int?>("--lifetime")
        {
            Validators = { result => { if (result.GetValueOrDefault<int?>() < 4) result.AddError("--lifetime takes 4 saves or more"); } },
            Description = "Instead of the benchmarks: one kata's whole life, N saves in a row from its creation, " +
                          "on the baseline and over HTTP (local store, Azurite), with the mean per quarter of its life.",
        };

        var root = new RootCommand(
            "Saver's speed benchmark: time per saved event through HTTP (local store, Azurite), in the domain alone " +
            "(local store, memory), and for a re-creation of the original's disk + git CLI way (the baseline); " +
            "and reads over HTTP. Prints a summary table at the end.")
        {
            quick, filter, artifacts, list, lifetime,
        };
        root.SetAction(parsed =>
        {
            if (parsed.GetValue(list))
            {
                foreach (var name in BenchmarkNames()) Console.WriteLine(name);
                return 0;
            }
            var options = new BenchmarkOptions(parsed.GetValue(quick), parsed.GetValue(filter) ?? [], Path.GetFullPath(parsed.GetValue(artifacts)!));
            // WebApplicationFactory finds the app's content root through MvcTestingAppManifest.json
            // in the current folder; it is beside this program.
            Directory.SetCurrentDirectory(AppContext.BaseDirectory);
            return parsed.GetValue(lifetime) is { } saves
                ? KataLifetimeRun.RunAsync(saves, CancellationToken.None).GetAwaiter().GetResult()
                : Run(options);
        });
        return root.Parse(args).Invoke();
    }

    private static int Run(BenchmarkOptions options)
    {
        // The benchmarks leave their CPU times here for the table (fresh for each run).
        var cpuFolder = Path.Combine(options.ArtifactsPath, "cpu");
        if (Directory.Exists(cpuFolder)) Directory.Delete(cpuFolder, recursive: true);
        Environment.SetEnvironmentVariable(CpuMeter.FolderVariable, cpuFolder);

        var config = BenchmarkConfigFactory.Create(options);
        var summaries = BenchmarkRunner.Run([.. Suites], config);
        var rows = ResultsTable.Rows(summaries, cpuFolder);

        Console.WriteLine();
        if (rows.Count == 0)
        {
            Console.WriteLine($"No benchmark matches --filter {string.Join(' ', options.Filters)}. These exist:");
            foreach (var name in BenchmarkNames()) Console.WriteLine("  " + name);
            return 2;
        }
        Console.WriteLine($"Saver speed benchmark{(options.Quick ? " (--quick: indicative only)" : "")}, mean per operation");
        Console.WriteLine(ResultsTable.BaselineNote);
        Console.WriteLine();
        Console.Write(ResultsTable.Format(rows));
        return rows.Any(r => r.MeanMilliseconds is null) ? 1 : 0;
    }

    private static IEnumerable<string> BenchmarkNames() =>
        Suites.SelectMany(t => t.GetMethods()
            .Where(m => m.IsDefined(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), inherit: true))
            .Select(m => $"{t.FullName}.{m.Name}"));
}
