using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Import;

/// <summary>
/// The command line itself: <c>dotnet Saver.Functions.dll --import PATH</c> in a process of its
/// own imports into the configured store, prints the summary, then serves; a failed import
/// exits non-zero saying why, and never serves.
/// </summary>
public sealed class ImportCommandProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private readonly TempDirectory _temp = new("cli");

    public void Dispose() => _temp.Dispose();

    private sealed class SaverProcess(Process process) : IDisposable
    {
        private readonly StringBuilder _stdout = new();
        private readonly StringBuilder _stderr = new();
        private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static SaverProcess Start(string workingDirectory, params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Saver.Functions.dll"));
            foreach (var a in arguments) start.ArgumentList.Add(a);
            start.Environment.Remove("ASPNETCORE_URLS");
            start.Environment["Logging__Console__FormatterName"] = "simple";
            var saver = new SaverProcess(new Process { StartInfo = start });
            saver.Begin();
            return saver;
        }

        private void Begin()
        {
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (_stdout) _stdout.AppendLine(e.Data);
                const string marker = "Now listening on: ";
                var at = e.Data.IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0) _listening.TrySetResult(new Uri(e.Data[(at + marker.Length)..].Trim()));
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (_stderr) _stderr.AppendLine(e.Data);
            };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }

        public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

        /// <summary>Where it serves, once it does; fails if it exits first.</summary>
        public async Task<Uri> ListeningAsync()
        {
            var exited = process.WaitForExitAsync();
            var first = await Task.WhenAny(_listening.Task, exited).WaitAsync(Patience);
            Assert.True(first == _listening.Task, $"exited {(process.HasExited ? process.ExitCode : -1)} without serving:\n{Stdout}\n{Stderr}");
            return await _listening.Task;
        }

        public async Task<int> ExitCodeAsync()
        {
            await process.WaitForExitAsync().WaitAsync(Patience);
            process.WaitForExit(); // lets the output handlers finish
            return process.ExitCode;
        }

        public void Dispose()
        {
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(30));
            }
            catch (InvalidOperationException) { }
            process.Dispose();
        }
    }

    private string[] StoreArguments() =>
    [
        "--urls", "http://127.0.0.1:0",
        "--Saver:Store=local",
        "--Saver:DataDirectory=" + Path.Combine(_temp.Path, "data"),
        "--Saver:CacheDirectory=" + Path.Combine(_temp.Path, "cache"),
        "--Saver:Import:WorkDirectory=" + _temp.Path,
    ];

    [Fact]
    public async Task Imports_prints_the_summary_then_serves_what_it_imported()
    {
        var archive = OriginalData.OneFormat2KataArchive(Path.Combine(_temp.Path, "one.tgz"));
        using var saver = SaverProcess.Start(_temp.Path, ["--import", archive, "--import", OriginalData.Folder, .. StoreArguments()]);

        var address = await saver.ListeningAsync();

        Assert.Contains($"saver: imported {archive}, {OriginalData.Folder}: 7 katas (2 format 0, 4 format 1, 1 format 2), " +
                        "4 groups (2 format 0, 2 format 1), 0 clusters; 42 blobs created, 0 already present, 0 entries skipped", saver.Stdout);
        Assert.Contains("Import: reading " + archive, saver.Stdout);
        Assert.True(saver.Stdout.IndexOf("saver: imported", StringComparison.Ordinal) < saver.Stdout.IndexOf("Now listening on", StringComparison.Ordinal));
        using var http = new HttpClient { BaseAddress = address };
        using var answer = await http.GetAsync("/kata_events?id=" + OriginalData.Format2Kata);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var events = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["kata_events"]!.AsArray();
        Assert.Equal("created", Assert.Single(events)!["event"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_failed_import_exits_1_saying_why_and_never_serves()
    {
        var missing = Path.Combine(_temp.Path, "no-such-folder");
        using var saver = SaverProcess.Start(_temp.Path, ["--import", OriginalData.Folder, "--import", missing, .. StoreArguments()]);

        Assert.Equal(1, await saver.ExitCodeAsync());

        Assert.Contains($"saver: import of {OriginalData.Folder}, {missing} failed: {missing} does not exist", saver.Stderr);
        Assert.DoesNotContain("Now listening on", saver.Stdout);
        Assert.False(Directory.Exists(Path.Combine(_temp.Path, "data", "blobs", "katas")));
    }

    [Fact]
    public async Task An_import_option_without_a_path_exits_2_with_the_usage()
    {
        using var saver = SaverProcess.Start(_temp.Path, [.. StoreArguments(), "--import"]);

        Assert.Equal(2, await saver.ExitCodeAsync());

        Assert.Equal("saver: --import needs a path: --import DIR (a data folder of the original saver) or --import FILE.tgz\n", saver.Stderr);
        Assert.DoesNotContain("Now listening on", saver.Stdout);
    }
}
