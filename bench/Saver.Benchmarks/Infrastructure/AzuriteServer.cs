using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Saver.Storage.Blobs.Azure;

namespace Saver.Benchmarks.Infrastructure;

/// <summary>
/// Azurite's blob service (the version package-lock.json pins, from node_modules/.bin) on a
/// free loopback port with a data folder of its own; stopped, and its data deleted, on dispose.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private const int StartAttempts = 3;

    private readonly Process _process;
    private readonly ScratchDirectory _data;
    private readonly StringBuilder _output;

    private AzuriteServer(Process process, ScratchDirectory data, StringBuilder output, Uri blobEndpoint)
    {
        _process = process;
        _data = data;
        _output = output;
        BlobEndpoint = blobEndpoint;
    }

    /// <summary>The Azurite process, whose CPU time counts in the Azure scenario's.</summary>
    public Process Process => _process;

    /// <summary>http://127.0.0.1:PORT/devstoreaccount1</summary>
    public Uri BlobEndpoint { get; }

    public string ConnectionString => DevelopmentStorage.ConnectionString(BlobEndpoint);

    public static async Task<AzuriteServer> StartAsync(CancellationToken cancellationToken)
    {
        var executable = Path.Combine(RepositoryRoot.Find(), "node_modules", ".bin", "azurite-blob");
        if (!File.Exists(executable))
            throw new InvalidOperationException(
                $"Azurite is not installed ({executable} is missing): run ./bench.sh, which installs it, or 'npm ci' at the repository root.");

        // Another process may take the free port between our probe and Azurite's bind; then
        // Azurite exits, or the port answers as something else: try another port.
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(executable, FreeLoopbackPort());
            try
            {
                if (await server.WaitUntilAnsweringAsync(cancellationToken).ConfigureAwait(false)) return server;
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            var said = server.Output;
            await server.DisposeAsync().ConfigureAwait(false);
            if (attempt == StartAttempts)
                throw new InvalidOperationException($"Azurite did not start on {server.BlobEndpoint} (attempt {attempt}). It said:\n{said}");
        }
    }

    private static AzuriteServer Launch(string executable, int port)
    {
        var data = new ScratchDirectory("azurite");
        var output = new StringBuilder();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = data.Path,
        };
        foreach (var argument in new[]
                 {
                     "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--location", data.Path, "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
                 })
            start.ArgumentList.Add(argument);

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            data.Dispose();
            throw;
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AzuriteServer(process, data, output, new Uri($"http://127.0.0.1:{port}/{DevelopmentStorage.AccountName}"));
    }

    private string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException) { /* it exited on its own meanwhile */ }
        _process.Dispose();
        _data.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>True once our Azurite answers on its port; false when it exited, or the port answers as another server.</summary>
    private async Task<bool> WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StartTimeout)
        {
            if (_process.HasExited) return false;
            try
            {
                // Any status will do: it is listening and parsing requests. Only its Server header says it is Azurite.
                using var response = await probe.GetAsync(new Uri(BlobEndpoint + "?comp=list"), cancellationToken).ConfigureAwait(false);
                return response.Headers.Server.ToString().Contains("Azurite", StringComparison.OrdinalIgnoreCase) && !_process.HasExited;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
        return false;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
