using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Saver.Storage.Blobs.Azure;

namespace Saver.Tests.Infrastructure;

/// <summary>
/// The test classes that share one Azurite: <c>[Collection(AzuriteCollection.Name)]</c> and
/// an <see cref="AzuriteFixture"/> constructor parameter.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

/// <summary>
/// A real Azurite blob service (the version pinned in package.json) on a free loopback port
/// with its own temporary data folder, for as long as the fixture lives.
/// </summary>
/// <remarks>
/// Share it through <see cref="AzuriteCollection"/> (one Azurite for the run; the classes of
/// one collection run one after another), or take it as an <c>IClassFixture</c> for a class
/// of its own that runs in parallel with the rest. Every instance picks its own port and
/// folder, so concurrent test runs on one machine do not meet either. Its members are safe
/// to call from parallel tests; isolate tests by giving each a fresh container
/// (<see cref="CreateStoreAsync"/>).
/// </remarks>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string AccountName = DevelopmentStorage.AccountName;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan NpmCiTimeout = TimeSpan.FromMinutes(5);
    private const int StartAttempts = 3;

    private readonly StringBuilder _output = new();
    private TempDirectory? _location;
    private Process? _process;
    private Uri? _blobEndpoint;
    private string? _executable;
    private int _port;

    /// <summary>http://127.0.0.1:PORT/devstoreaccount1</summary>
    public Uri BlobEndpoint => _blobEndpoint ?? throw new InvalidOperationException("Azurite has not started.");

    /// <summary>The explicit form, with BlobEndpoint, as production configuration would give it.</summary>
    public string ConnectionString => DevelopmentStorage.ConnectionString(BlobEndpoint);

    /// <summary>What Azurite printed so far (startup messages and errors).</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>A container name no other test uses.</summary>
    public static string NewContainerName() => "t-" + Guid.NewGuid().ToString("N");

    /// <summary>Store options on this Azurite, for a container that may not exist yet.</summary>
    public AzureBlobStoreOptions OptionsFor(string containerName) => new()
    {
        ConnectionString = ConnectionString,
        ContainerName = containerName,
        RetryDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromSeconds(1),
    };

    /// <summary>A store on the named container, which may not exist yet, through the SDK's clients.</summary>
    public AzureBlobStore StoreFor(string containerName, ILogger<AzureBlobStore>? logger = null) =>
        new(OptionsFor(containerName).CreateContainerClient(), logger);

    /// <summary>A store on a fresh, empty, uniquely named container.</summary>
    public async Task<AzureBlobStore> CreateStoreAsync(ILogger<AzureBlobStore>? logger = null)
    {
        var store = StoreFor(NewContainerName(), logger);
        await store.CreateContainerIfNotExistsAsync();
        return store;
    }

    /// <summary>A fresh, empty, uniquely named container; returns its name.</summary>
    public async Task<string> CreateContainerAsync() => (await CreateStoreAsync()).ContainerName;

    public async Task InitializeAsync()
    {
        var executable = _executable = await FindOrInstallAzuriteAsync();
        _location = new TempDirectory("azurite");

        // Another process may take the free port between our probe and Azurite's bind.
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPort.Free();
            StartProcess(executable, port);
            var endpoint = new Uri($"http://127.0.0.1:{port}/{AccountName}");
            if (await WaitUntilAnsweringAsync(endpoint))
            {
                _blobEndpoint = endpoint;
                _port = port;
                return;
            }
            var exited = _process!.HasExited;
            StopProcess();
            if (!exited || attempt == StartAttempts)
                throw new InvalidOperationException(
                    $"Azurite did not start on port {port} ({(exited ? "it exited" : $"no answer within {StartTimeout.TotalSeconds:F0} s")}). Its output:\n{Output}");
        }
    }

    /// <summary>
    /// Stops Azurite as an outage would, after it saved what it acknowledged (SIGTERM: a SIGKILL
    /// loses the writes of its last few seconds). Its endpoint then refuses connections.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited && Terminate(_process.Id, 15) != 0) throw new InvalidOperationException("could not signal Azurite");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(timeout.Token);
        _process.Dispose();
        _process = null;
    }

    /// <summary>Starts Azurite again after <see cref="StopAsync"/>, on the same port and data.</summary>
    public async Task StartAgainAsync()
    {
        StartProcess(_executable!, _port);
        if (!await WaitUntilAnsweringAsync(BlobEndpoint))
            throw new InvalidOperationException($"Azurite did not start again on port {_port}. Its output:\n{Output}");
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Terminate(int pid, int signal);

    public Task DisposeAsync()
    {
        StopProcess();
        _location?.Dispose();
        return Task.CompletedTask;
    }

    private static async Task<string> FindOrInstallAzuriteAsync()
    {
        var binFolder = Path.Combine(RepositoryRoot.Path, "node_modules", ".bin");
        var executable = Path.Combine(binFolder, OperatingSystem.IsWindows() ? "azurite-blob.cmd" : "azurite-blob");
        if (File.Exists(executable)) return executable;

        // First run in a fresh checkout: install the pinned Azurite as a developer would,
        // one installer at a time (fixtures start in parallel, and so may test runs).
        using var installLock = await LockAsync(Path.Combine(Path.GetTempPath(),
            $"saver-npm-ci-{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(RepositoryRoot.Path)))[..12]}.lock"), NpmCiTimeout);
        if (File.Exists(executable)) return executable;
        var (exitCode, output) = await RunAsync("npm", "ci --no-audit --no-fund", RepositoryRoot.Path, NpmCiTimeout);
        if (exitCode != 0 || !File.Exists(executable))
            throw new InvalidOperationException(
                $"Azurite is not installed ({executable} is missing) and 'npm ci' failed (exit {exitCode}). " +
                $"Run 'npm ci --no-audit --no-fund' in {RepositoryRoot.Path} (node 20 and npm needed). npm said:\n{output}");
        return executable;
    }

    /// <summary>An exclusive lock on a file, shared by every process on the machine.</summary>
    private static async Task<FileStream> LockAsync(string path, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (waited.Elapsed < timeout) { await Task.Delay(250); }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e) { return (-1, $"cannot run {fileName}: {e.Message}"); }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeoutSource = new CancellationTokenSource(timeout);
            try { await process.WaitForExitAsync(timeoutSource.Token); }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"{fileName} {arguments} took longer than {timeout}");
            }
            return (process.ExitCode, await stdout + await stderr);
        }
    }

    private void StartProcess(string executable, int port)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _location!.Path,
        };
        foreach (var argument in new[]
                 {
                     "--blobHost", "127.0.0.1", "--blobPort", port.ToString(), "--location", _location.Path,
                     "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
                 })
            start.ArgumentList.Add(argument);

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        Append($"$ azurite-blob {string.Join(' ', start.ArgumentList)}");
        try { process.Start(); }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"Cannot run {executable} (is node 20 on PATH?): {e.Message}", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>Polls until Azurite answers HTTP at all (any status: it is listening and parsing).</summary>
    private async Task<bool> WaitUntilAnsweringAsync(Uri endpoint)
    {
        var deadline = Stopwatch.StartNew();
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process!.HasExited) return false;
            try
            {
                using var response = await probe.GetAsync(new Uri(endpoint + "?comp=list"));
                return true;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        return false;
    }

    private void StopProcess()
    {
        if (_process is null) return;
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
        _process = null;
    }
}
