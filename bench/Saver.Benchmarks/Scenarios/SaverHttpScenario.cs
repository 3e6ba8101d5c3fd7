using System.Diagnostics;
using System.Text.Json.Nodes;
using Saver.Benchmarks.Infrastructure;
using Saver.Benchmarks.Workload;

namespace Saver.Benchmarks.Scenarios;

/// <summary>
/// Saver as the web server uses it: the real app on Kestrel, real HTTP on loopback, JSON
/// bodies, on the local-directory store or on Azurite.
/// </summary>
public sealed class SaverHttpScenario(SaverStore store) : KataScenario
{
    private const string Container = "saver-bench";

    private ScratchDirectory? _data;
    private AzuriteServer? _azurite;
    private SaverServer? _server;
    private string? _kataId;
    private PreparedRepository? _prepared;

    public SaverStore Store { get; } = store is SaverStore.LocalDirectory or SaverStore.Azurite
        ? store
        : throw new ArgumentOutOfRangeException(nameof(store), store, "the app serves a local directory or Azure");

    public override IEnumerable<Process> HelperProcesses => _azurite is null ? [] : [_azurite.Process];

    public string KataId => _kataId ?? throw new InvalidOperationException("PrepareAsync first");

    private SaverServer Server => _server ?? throw new InvalidOperationException("PrepareAsync first");

    /// <summary>GET kata_event of the event at <paramref name="index"/>; the answer's text.</summary>
    public Task<string> ReadEventAsync(int index, CancellationToken cancellationToken) =>
        Server.Api.CallAsync(HttpMethod.Get, "kata_event", new JsonObject { ["id"] = KataId, ["index"] = index }, cancellationToken);

    /// <summary>GET kata_events; the answer's text.</summary>
    public Task<string> ReadEventsAsync(CancellationToken cancellationToken) =>
        Server.Api.CallAsync(HttpMethod.Get, "kata_events", new JsonObject { ["id"] = KataId }, cancellationToken);

    public override async Task RestoreAsync(CancellationToken cancellationToken)
    {
        await (_prepared ?? throw new InvalidOperationException("PrepareAsync first")).RestoreAsync(cancellationToken).ConfigureAwait(false);
        // A running server would have the kata unpacked already: read it once so the
        // measured writes start warm, and make sure the restore took.
        var count = await CountEventsAsync(cancellationToken).ConfigureAwait(false);
        if (count != EventsBefore) throw new InvalidOperationException($"restored kata {KataId} has {count} events, not {EventsBefore}");
    }

    public override Task<int> CountEventsAsync(CancellationToken cancellationToken) =>
        Server.Api.EventCountAsync(KataId, cancellationToken);

    protected override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Store == SaverStore.Azurite)
        {
            _azurite = await AzuriteServer.StartAsync(cancellationToken).ConfigureAwait(false);
            _server = SaverServer.OnAzure(_azurite.ConnectionString, Container);
        }
        else
        {
            _data = new ScratchDirectory("data");
            _server = SaverServer.OnLocalDirectory(_data.Path);
        }
    }

    protected override async Task CreateKataAsync(CancellationToken cancellationToken) =>
        _kataId = await Server.Api.CreateKataAsync(BenchKata.Manifest(), cancellationToken).ConfigureAwait(false);

    protected override Task SendAsync(RanTests write, CancellationToken cancellationToken) =>
        Server.Api.CallAsync(HttpMethod.Post, "kata_ran_tests", write.Arguments(KataId), cancellationToken);

    protected override async Task KeepPreparedStateAsync(CancellationToken cancellationToken) =>
        _prepared = await PreparedRepository.KeepAsync(Server.Blobs, KataId, cancellationToken).ConfigureAwait(false);

    public override async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync().ConfigureAwait(false);
        if (_azurite is not null) await _azurite.DisposeAsync().ConfigureAwait(false);
        _data?.Dispose();
    }
}
