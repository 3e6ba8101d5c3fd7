using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Saver.Storage.Blobs.Azure;

namespace Saver.Benchmarks.Infrastructure;

/// <summary>
/// Azurite's blob service (the version package-lock.json pins) on a free loopback port with a
/// data folder of its own; stopped, and its data deleted, on dispose. Node runs it with its
/// garbage collections traced, so the bench can tell when the store itself paused.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private const int StartAttempts = 3;

    /// <summary>
    /// With Node's own sizing, V8 collects Azurite's whole heap each time its old space reaches
    /// ~200 MB: under a steady stream of appends every ~2 s, in the bench about once per kata's
    /// life. Marking Azurite's ~50 MB live heap takes 20–27 ms on 2 cores, and every request in
    /// flight waits for it; Azure has no such pause. An old space this roomy defers the
    /// collections past the bench's run (Azurite peaks at ~1.2 GB resident); each request's own
    /// work is unchanged.
    /// </summary>
    private const string RoomyOldSpace = "--initial-old-space-size=4096";

    /// <summary>What --trace-gc writes per collection: "[pid:0x…]   5576 ms: Mark-Compact 188.5 (222.3) -> 48.6 (199.1) MB, …".</summary>
    private static readonly Regex TracedCollection = new(@"^\[\d+:0x[0-9a-f]+\]\s+\d+ ms: ", RegexOptions.CultureInvariant);

    private readonly Process _process;
    private readonly ScratchDirectory _data;
    private readonly StringBuilder _output;
    private int _fullCollections;

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

    /// <summary>Azurite's full garbage collections (V8's mark-compacts) so far, each a pause of every request it had.</summary>
    public int FullCollections => Volatile.Read(ref _fullCollections);

    public static async Task<AzuriteServer> StartAsync(AzuriteHeap heap, CancellationToken cancellationToken)
    {
        var script = Path.Combine(RepositoryRoot.Find(), "node_modules", "azurite", "dist", "src", "blob", "main.js");
        if (!File.Exists(script))
            throw new InvalidOperationException(
                $"Azurite is not installed ({script} is missing): run ./bench.sh, which installs it, or 'npm ci' at the repository root.");

        // Another process may take the free port between our probe and Azurite's bind; then
        // Azurite exits, or the port answers as something else: try another port.
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(script, heap, FreeLoopbackPort());
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

    private static AzuriteServer Launch(string script, AzuriteHeap heap, int port)
    {
        var data = new ScratchDirectory("azurite");
        var output = new StringBuilder();
        // node_modules/.bin/azurite-blob is this script under "#!/usr/bin/env node": the same node, with flags.
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = data.Path,
        };
        if (heap == AzuriteHeap.Roomy) start.ArgumentList.Add(RoomyOldSpace);
        foreach (var argument in new[]
                 {
                     "--trace-gc", script,
                     "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--location", data.Path, "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
                 })
            start.ArgumentList.Add(argument);

        var process = new Process { StartInfo = start };
        var server = new AzuriteServer(process, data, output, new Uri($"http://127.0.0.1:{port}/{DevelopmentStorage.AccountName}"));
        process.OutputDataReceived += (_, e) => server.Heard(e.Data);
        process.ErrorDataReceived += (_, e) => server.Heard(e.Data);
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
        return server;
    }

    /// <summary>A line Azurite wrote: a full collection is counted, any other collection passed over, anything else kept for a failed start's message.</summary>
    private void Heard(string? line)
    {
        if (line is null) return;
        switch (Classify(line))
        {
            case AzuriteLine.FullCollection:
                Interlocked.Increment(ref _fullCollections);
                break;
            case AzuriteLine.Said:
                lock (_output) _output.AppendLine(line);
                break;
        }
    }

    public static AzuriteLine Classify(string line) =>
        !TracedCollection.IsMatch(line) ? AzuriteLine.Said
        : line.Contains(" Mark-Compact ", StringComparison.Ordinal) ? AzuriteLine.FullCollection
        : AzuriteLine.Collection;

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

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>How the bench's Azurite sizes its JavaScript heap (AzuriteServer.RoomyOldSpace says why).</summary>
public enum AzuriteHeap
{
    /// <summary>An old space roomy enough that V8 does not stop Azurite to collect it during the bench.</summary>
    Roomy,

    /// <summary>Node's own sizing: Azurite pauses for a full collection every few seconds under load.</summary>
    NodeDefault,
}

/// <summary>What a line of Azurite's output is.</summary>
public enum AzuriteLine
{
    /// <summary>Something Azurite said.</summary>
    Said,

    /// <summary>V8 collected the young generation (a scavenge), a pause of a millisecond or so.</summary>
    Collection,

    /// <summary>V8 collected the whole heap (a mark-compact).</summary>
    FullCollection,
}
