using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Saver.Storage.Ids;
using Saver.Storage.Katas;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Migration;

/// <summary>
/// <c>--migrate-all</c> on the real app in a process of its own: it migrates every old kata
/// and group in the configured store, shows its progress on stderr and a summary on stdout,
/// then serves them as format 2. Each store gets a sealed subclass.
/// </summary>
public abstract class MigrateAllCommandTests(StoreUnderTest store) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private TempDirectory Temp { get; } = new("migrate-all");

    /// <summary>The store's settings, as environment variables (Saver__Store=…).</summary>
    private IReadOnlyDictionary<string, string> StoreEnvironment() =>
        store.Settings.ToDictionary(setting => setting.Key.Replace(":", "__"), setting => setting.Value!);

    /// <summary>An in-process app on the same store, to set it up.</summary>
    private SaverApp StartApp() => store.StartApp();

    public void Dispose()
    {
        store.Dispose();
        Temp.Dispose();
    }

    [Fact]
    public async Task Migrates_every_old_kata_and_group_shows_progress_and_a_summary_then_serves_them()
    {
        string format2;
        await using (var app = StartApp())
        {
            await Fixtures.LoadOldFormatsAsync(app.Blobs);
            format2 = (await app.Client.WriteAsync("kata_create", new JsonObject { ["manifest"] = Infrastructure.Katas.TennisManifest() }))!.GetValue<string>();
            // An old kata whose events were lost: it fails, with its reason, and the rest go on.
            await app.Blobs.PutAsync(KataLayout.BlobName(EntityId.Parse("Br0ken"), "manifest.json"),
                Encoding.UTF8.GetBytes("""{"display_name":"Bash, bats","version":1,"id":"Br0ken"}"""));
        }

        using (var saver = SaverProcess.Start(Temp.Path, StoreEnvironment(), "--migrate-all"))
        {
            var address = await saver.ListeningAsync(Patience);

            var stdout = saver.Stdout;
            Assert.Contains("saver: migrate-all: katas: 6 migrated, 1 already format 2, 1 failed; groups: 4 migrated, 0 already format 2, 0 failed\n" +
                            "saver: migrate-all: kata Br0ken failed: kata Br0ken has no events.json\n", stdout);
            Assert.True(stdout.IndexOf("saver: migrate-all:", StringComparison.Ordinal) < stdout.IndexOf("Now listening on", StringComparison.Ordinal));
            // stderr is not a terminal here: plain lines, the first and the last state among them.
            var progress = saver.Stderr.Split('\n').Where(l => l.StartsWith("migrate-all [", StringComparison.Ordinal)).ToList();
            Assert.Equal("migrate-all [..............................] 0/11 (0%): 0 migrated, 0 failed", progress[0]);
            Assert.Equal("migrate-all [##############################] 11/11 (100%): 10 migrated, 1 failed", progress[^1]);
            Assert.DoesNotContain('\r', saver.Stderr);

            using var http = new HttpClient { BaseAddress = address };
            foreach (var id in MigratedKatas)
                Assert.Equal($$$"""{"kata_migrate":{"id":"{{{id}}}","version":2,"migrated":false}}""", await PostAsync(http, "kata_migrate", id));
            Assert.Equal($$$"""{"kata_migrate":{"id":"{{{format2}}}","version":2,"migrated":false}}""", await PostAsync(http, "kata_migrate", format2));
            foreach (var id in new[] { "FxWwrr", "chy6BJ", "LyQpFr", "REf1t8" })
                Assert.Equal($$$$"""{"group_migrate":{"id":"{{{{id}}}}","version":2,"migrated":false,"katas":{}}}""", await PostAsync(http, "group_migrate", id));
            using var events = await http.GetAsync("/kata_events?id=5rTJv5");
            Assert.Equal(4, JsonNode.Parse(await events.Content.ReadAsStringAsync())!["kata_events"]!.AsArray().Count);
        }

        // Again: only the kata that failed is left to try.
        using var again = SaverProcess.Start(Temp.Path, StoreEnvironment(), "--migrate-all");
        await again.ListeningAsync(Patience);
        Assert.Contains("saver: migrate-all: katas: 0 migrated, 7 already format 2, 1 failed; groups: 0 migrated, 4 already format 2, 0 failed\n", again.Stdout);
    }

    private static readonly string[] MigratedKatas = ["5rTJv5", "k5ZTk0", "5U2J18", "rUqcey", "38w9NC", "H8NAvN"];

    private static async Task<string> PostAsync(HttpClient http, string method, string id)
    {
        using var answer = await http.PostAsync("/" + method, new StringContent($$"""{"id":"{{id}}"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return await answer.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Without_the_option_nothing_is_migrated()
    {
        await using (var app = StartApp()) await Fixtures.LoadOldFormatsAsync(app.Blobs);

        using var saver = SaverProcess.Start(Temp.Path, StoreEnvironment());
        await saver.ListeningAsync(Patience);

        Assert.DoesNotContain("saver: migrate-all", saver.Stdout + saver.Stderr);
        await using var app2 = StartApp();
        Assert.Null(await app2.Blobs.GetPropertiesAsync(StoredRepository.HeadOf(EntityId.Parse("5rTJv5"))));
    }

    /// <summary><c>dotnet Saver.Functions.dll</c> with the store in its environment, listening on a free port.</summary>
    private sealed class SaverProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _stdout = new();
        private readonly StringBuilder _stderr = new();
        private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private SaverProcess(Process process) => _process = process;

        public static SaverProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Saver.Functions.dll"));
            foreach (var a in arguments.Concat(["--urls", "http://127.0.0.1:0"])) start.ArgumentList.Add(a);
            start.Environment.Remove("ASPNETCORE_URLS");
            start.Environment["Logging__Console__FormatterName"] = "simple";
            start.Environment["Saver__CacheDirectory"] = Path.Combine(workingDirectory, "cache-" + Guid.NewGuid().ToString("N"));
            foreach (var (key, value) in environment) start.Environment[key] = value;
            var saver = new SaverProcess(new Process { StartInfo = start });
            saver.Begin();
            return saver;
        }

        private void Begin()
        {
            _process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (_stdout) _stdout.Append(e.Data).Append('\n');
                const string marker = "Now listening on: ";
                var at = e.Data.IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0) _listening.TrySetResult(new Uri(e.Data[(at + marker.Length)..].Trim()));
            };
            _process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (_stderr) _stderr.Append(e.Data).Append('\n');
            };
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }

        public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

        /// <summary>Where it serves, once it does; fails if it exits first.</summary>
        public async Task<Uri> ListeningAsync(TimeSpan patience)
        {
            var first = await Task.WhenAny(_listening.Task, _process.WaitForExitAsync()).WaitAsync(patience);
            Assert.True(first == _listening.Task, $"exited without serving:\n{Stdout}\n{Stderr}");
            return await _listening.Task;
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited) _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(30));
            }
            catch (InvalidOperationException) { }
            _process.Dispose();
        }
    }
}

public sealed class LocalDirectoryMigrateAllCommandTests() : MigrateAllCommandTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzureMigrateAllCommandTests(AzuriteFixture azurite) : MigrateAllCommandTests(StoreUnderTest.Azure(azurite));
