using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Saver.Functions.Api;
using Microsoft.Extensions.Logging.Abstractions;
using Saver.Functions.Hosting;
using Saver.Storage.Archive;
using Saver.Storage.Blobs;
using Saver.Tests.FunctionsHost.Rpc;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.FunctionsHost;

/// <summary>
/// The built Functions worker, started and driven by <see cref="StandInFunctionsHost"/> as the
/// Functions host would: it shakes hands, declares every function, serves kata_create and
/// kata_event through the ASP.NET Core integration, runs the ScheduledDownloads timer, and
/// ends with exit code 0 on WorkerTerminate.
/// </summary>
public sealed class FunctionsWorkerTests : IAsyncLifetime
{
    private readonly TempDirectory _store = new("worker-store");
    private StandInFunctionsHost _host = null!;

    private string DataFolder => Path.Combine(_store.Path, "data");

    private string ArchiveFolder => Path.Combine(_store.Path, "archive");

    public async Task InitializeAsync() => _host = await StandInFunctionsHost.StartAsync(RepositoryRoot.FunctionsAppFolder,
        new Dictionary<string, string>
        {
            ["Saver__Store"] = "local",
            ["Saver__DataDirectory"] = DataFolder,
            ["Saver__ArchiveDirectory"] = ArchiveFolder,
            ["Saver__CacheDirectory"] = Path.Combine(_store.Path, "cache"),
            ["Saver__ScheduledDownloads__Schedule"] = "0 0 3 * * *",
        });

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _store.Dispose();
    }

    [Fact]
    public async Task The_worker_loads_every_function_serves_writes_and_reads_runs_the_timer_and_exits_0_on_terminate()
    {
        var init = await _host.InitializeAsync();
        Assert.Equal(StatusResult.Types.Status.Success, init.Result.Status);
        Assert.NotNull(_host.WorkerHttpUri);

        var loads = await _host.LoadFunctionsAsync();
        Assert.All(loads, load => Assert.True(load.Result.Status == StatusResult.Types.Status.Success,
            $"{load.FunctionId}: {load.Result.Exception?.Message}"));
        Assert.Equal(SaverApi.Methods.Select(m => m.FunctionName).Append(ScheduledDownloadsJob.FunctionName).Order(),
            _host.Functions.Keys.Order());

        // kata_create, then kata_event of its event 0, as a cyber-dojo web server would call them.
        var (created, createdResponse) = await _host.InvokeHttpAsync("kata_create", new HttpRequestMessage(HttpMethod.Post, "/kata_create")
        {
            Content = new StringContent(new JsonObject { ["manifest"] = TennisManifest() }.ToJsonString(), Encoding.UTF8, "application/json"),
        });
        Assert.Equal(StatusResult.Types.Status.Success, created.Result.Status);
        Assert.Equal(HttpStatusCode.OK, createdResponse.StatusCode);
        var id = JsonNode.Parse(await createdResponse.Content.ReadAsStringAsync())!["kata_create"]!.GetValue<string>();
        Assert.Matches("^[0-9A-Za-z]{6}$", id);

        var eventRequest = new HttpRequestMessage(HttpMethod.Get, $"/kata_event?id={id}&index=0");
        eventRequest.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        var (read, eventResponse) = await _host.InvokeHttpAsync("kata_event", eventRequest);
        Assert.Equal(StatusResult.Types.Status.Success, read.Result.Status);
        Assert.Equal(HttpStatusCode.OK, eventResponse.StatusCode);
        Assert.Equal("gzip", Assert.Single(eventResponse.Content.Headers.ContentEncoding));
        await using (var gunzip = new GZipStream(await eventResponse.Content.ReadAsStreamAsync(), CompressionMode.Decompress))
        {
            var kataEvent = (await JsonNode.ParseAsync(gunzip))!["kata_event"]!;
            Assert.Equal("create", kataEvent["colour"]!.GetValue<string>());
            Assert.Equal(TennisFiles().Keys.Order(), kataEvent["files"]!.AsObject().Select(f => f.Key).Order());
        }

        // An error is the API's, through the worker as standalone.
        var (_, missing) = await _host.InvokeHttpAsync("kata_events", new HttpRequestMessage(HttpMethod.Get, "/kata_events?id=999999"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("does not exist", JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["exception"]!.GetValue<string>());

        // The timer, when its schedule comes round: the kata is archived.
        var timer = await _host.InvokeTimerAsync(ScheduledDownloadsJob.FunctionName, pastDue: true);
        Assert.True(timer.Result.Status == StatusResult.Types.Status.Success, timer.Result.Exception?.Message);
        var archive = new LocalDirectoryBlobStore(ArchiveFolder, TimeProvider.System, NullLogger<LocalDirectoryBlobStore>.Instance);
        var archived = await archive.ListAsync(DownloadArchive.DownloadsFolder).ToListAsync();
        Assert.Contains(archived, blob => string.Concat(blob.Name.Split('/')[1..4]) == id);
        Assert.Contains(_host.Logs, log => log.Message.Contains("past due", StringComparison.Ordinal));

        Assert.Equal(0, await _host.TerminateAsync(TimeSpan.FromSeconds(10)));
    }
}
