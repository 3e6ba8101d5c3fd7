using System.Diagnostics;
using System.Net;
using System.Text;

namespace Saver.Tests.Infrastructure;

/// <summary>
/// The built app started as run.sh starts it, in a process of its own, so a test can kill it
/// as a machine or the platform would (SIGKILL: no shutdown, no finally, no flush).
/// </summary>
public sealed class StandaloneSaver : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private StandaloneSaver(Process process, Uri address)
    {
        _process = process;
        Client = new SaverClient(new HttpClient { BaseAddress = address });
    }

    public SaverClient Client { get; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Starts the app with <paramref name="settings"/> (Saver:X as Saver__X in its environment) and waits until it answers.</summary>
    public static async Task<StandaloneSaver> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var app = RepositoryRoot.FunctionsAppFolder;
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = app,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(app, "Saver.Functions.dll"), "--contentRoot", app, "--urls", $"http://127.0.0.1:{port}" })
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var saver = new StandaloneSaver(Process.Start(start) ?? throw new InvalidOperationException("the app did not start"),
            new Uri($"http://127.0.0.1:{port}"));
        saver._process.OutputDataReceived += (_, e) => saver.Record(e.Data);
        saver._process.ErrorDataReceived += (_, e) => saver.Record(e.Data);
        saver._process.BeginOutputReadLine();
        saver._process.BeginErrorReadLine();

        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await saver.Client.GetAsync("ready")).Status == HttpStatusCode.OK) return saver;
            }
            catch (HttpRequestException) when (waited.Elapsed < TimeSpan.FromSeconds(30) && !saver._process.HasExited)
            {
            }
            if (waited.Elapsed > TimeSpan.FromSeconds(30) || saver._process.HasExited)
            {
                saver.Dispose();
                throw new InvalidOperationException($"the app did not answer on port {port}. It said:\n{saver.Output}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL, and waits for the process to be gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: false); // SIGKILL on Linux
        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.Dispose();
        Client.Http.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
