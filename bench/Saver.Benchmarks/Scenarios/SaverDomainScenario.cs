using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Saver.Benchmarks.Infrastructure;
using Saver.Benchmarks.Workload;
using Saver.Functions.Hosting;
using Saver.Storage.Blobs;
using Saver.Storage.Katas;

namespace Saver.Benchmarks.Scenarios;

/// <summary>
/// Saver's domain alone: KataService from the app's own service registrations, called
/// directly with no HTTP and no JSON bodies, on the local-directory store or in memory. Set
/// beside the HTTP figures it shows what the web layer costs, and set beside each other,
/// what the store costs.
/// </summary>
public sealed class SaverDomainScenario(SaverStore store) : KataScenario
{
    private ScratchDirectory? _folder;
    private ServiceProvider? _services;
    private string? _kataId;
    private PreparedRepository? _prepared;

    public SaverStore Store { get; } = store is SaverStore.LocalDirectory or SaverStore.InMemory
        ? store
        : throw new ArgumentOutOfRangeException(nameof(store), store, "the domain scenario runs on a local directory or in memory");

    public string KataId => _kataId ?? throw new InvalidOperationException("PrepareAsync first");

    private KataService Katas => (_services ?? throw new InvalidOperationException("PrepareAsync first")).GetRequiredService<KataService>();

    public override async Task RestoreAsync(CancellationToken cancellationToken)
    {
        await (_prepared ?? throw new InvalidOperationException("PrepareAsync first")).RestoreAsync(cancellationToken).ConfigureAwait(false);
        var count = await CountEventsAsync(cancellationToken).ConfigureAwait(false);
        if (count != EventsBefore) throw new InvalidOperationException($"restored kata {KataId} has {count} events, not {EventsBefore}");
    }

    public override async Task<int> CountEventsAsync(CancellationToken cancellationToken) =>
        (await Katas.EventsAsync(KataId, cancellationToken).ConfigureAwait(false)).Count;

    protected override Task StartAsync(CancellationToken cancellationToken)
    {
        _folder = new ScratchDirectory("domain");
        var settings = new Dictionary<string, string?>
        {
            ["Saver:Store"] = Store == SaverStore.InMemory ? "memory" : "local",
            ["Saver:DataDirectory"] = Path.Combine(_folder.Path, "data"),
            ["Saver:CacheDirectory"] = Path.Combine(_folder.Path, "cache"),
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSaver(configuration)
            .BuildServiceProvider();
        return Task.CompletedTask;
    }

    protected override async Task CreateKataAsync(CancellationToken cancellationToken) =>
        _kataId = await Katas.CreateAsync(BenchKata.Manifest(), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("kata_create found no free id");

    protected override Task SendAsync(RanTests write, CancellationToken cancellationToken) =>
        Katas.TestEventAsync(KataId, TestEventKind.RanTests,
            new KataEdit(write.Files, JsonValue.Create(BenchKata.LaptopId), JsonValue.Create(write.TabSeq)),
            new TestOutcome(new KataOutput(write.Stdout, false), new KataOutput(write.Stderr, false),
                write.Status.ToString(CultureInfo.InvariantCulture), write.Summary()),
            cancellationToken);

    protected override async Task KeepPreparedStateAsync(CancellationToken cancellationToken) =>
        _prepared = await PreparedRepository.KeepAsync(_services!.GetRequiredService<IBlobStore>(), KataId, cancellationToken)
            .ConfigureAwait(false);

    public override async ValueTask DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync().ConfigureAwait(false);
        _folder?.Dispose();
    }
}
