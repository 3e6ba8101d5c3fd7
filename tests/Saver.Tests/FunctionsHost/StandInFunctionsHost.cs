using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Saver.Tests.FunctionsHost.Rpc;

namespace Saver.Tests.FunctionsHost;

/// <summary>
/// A stand-in for the Azure Functions host, playing the host's side of the language-worker
/// protocol against the real, built worker: it serves the gRPC endpoint, starts the worker as
/// the host does (its command line and environment), and then drives it message by message:
/// the handshake (StartStream, WorkerInitRequest), indexing (FunctionsMetadataRequest,
/// FunctionLoadRequest), invocations, and WorkerTerminate. An HTTP invocation is what the
/// host sends a worker with ASP.NET Core integration: the InvocationRequest over gRPC, and the
/// request itself forwarded to the worker's own HTTP address with x-ms-invocation-id.
/// </summary>
/// <remarks>
/// Only the real host does the rest: it routes each request to a function by route and verb
/// (a wrong verb or path never reaches the worker), checks function keys, schedules timers
/// (and holds a blob lease in AzureWebJobsStorage so one instance runs each occurrence),
/// scales instances out, restarts a worker that dies, and records request telemetry. Here the
/// test names the function it invokes.
/// </remarks>
public sealed class StandInFunctionsHost : IAsyncDisposable
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(60);

    private WebApplication _grpcServer = null!;
    private readonly TaskCompletionSource<string> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _pending = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly StringBuilder _workerOutput = new();
    private readonly Dictionary<string, RpcFunctionMetadata> _functions = new(StringComparer.Ordinal);
    private readonly HttpClient _http = new(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });
    private IServerStreamWriter<StreamingMessage>? _toWorker;
    private Process? _worker;

    private StandInFunctionsHost(string appFolder) => AppFolder = appFolder;

    public string AppFolder { get; }

    public string WorkerId { get; } = Guid.NewGuid().ToString();

    /// <summary>The worker's own HTTP address (its "HttpUri" capability), where the host forwards requests.</summary>
    public Uri? WorkerHttpUri { get; private set; }

    /// <summary>The functions the worker declared, by name, as loaded.</summary>
    public IReadOnlyDictionary<string, RpcFunctionMetadata> Functions => _functions;

    /// <summary>What the worker logged through the protocol (RpcLog).</summary>
    public ConcurrentQueue<RpcLog> Logs { get; } = new();

    /// <summary>What the worker process wrote on stdout and stderr.</summary>
    public string WorkerOutput
    {
        get { lock (_workerOutput) return _workerOutput.ToString(); }
    }

    /// <summary>Serves the gRPC endpoint on a free loopback port and starts the worker in <paramref name="appFolder"/> against it.</summary>
    public static async Task<StandInFunctionsHost> StartAsync(string appFolder, IReadOnlyDictionary<string, string> environment)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = null);
        var host = new StandInFunctionsHost(appFolder);
        builder.Services.AddSingleton(host); // an instance: the server uses it, the test owns it
        var server = host._grpcServer = builder.Build();
        server.MapGrpcService<FunctionRpcService>();
        await server.StartAsync();
        host.StartWorker(new Uri(server.Urls.Single()), environment);
        var workerId = await host._started.Task.WaitAsync(AnswerTimeout);
        if (workerId != host.WorkerId) throw new InvalidOperationException($"StartStream from worker {workerId}, not {host.WorkerId}");
        return host;
    }

    /// <summary>WorkerInitRequest, as the host sends it once the stream is up.</summary>
    public async Task<WorkerInitResponse> InitializeAsync()
    {
        var answer = await RequestAsync(new StreamingMessage
        {
            WorkerInitRequest = new WorkerInitRequest
            {
                HostVersion = "4.1040.0",
                WorkerDirectory = AppFolder,
                FunctionAppDirectory = AppFolder,
            },
        });
        var init = answer.WorkerInitResponse;
        if (init.Capabilities.TryGetValue("HttpUri", out var httpUri)) WorkerHttpUri = new Uri(httpUri);
        return init;
    }

    /// <summary>FunctionsMetadataRequest (the worker indexes its own functions), then a FunctionLoadRequest for each.</summary>
    public async Task<IReadOnlyList<FunctionLoadResponse>> LoadFunctionsAsync()
    {
        var metadata = (await RequestAsync(new StreamingMessage
        {
            FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = AppFolder },
        })).FunctionMetadataResponse;
        if (metadata.Result.Status != StatusResult.Types.Status.Success)
            throw new InvalidOperationException($"function metadata failed: {metadata.Result.Exception?.Message}");
        var loads = await Task.WhenAll(metadata.FunctionMetadataResults.Select(async function =>
        {
            _functions[function.Name] = function;
            return (await RequestAsync(new StreamingMessage
            {
                FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = function },
            })).FunctionLoadResponse;
        }));
        return loads;
    }

    /// <summary>
    /// Invokes an HTTP function as the host does with ASP.NET Core integration: the
    /// invocation over gRPC and the request forwarded to the worker's HTTP address, together.
    /// </summary>
    public async Task<(InvocationResponse Invocation, HttpResponseMessage Response)> InvokeHttpAsync(
        string functionName, HttpRequestMessage request)
    {
        var function = _functions[functionName];
        var invocationId = Guid.NewGuid().ToString();
        var forwarded = new Uri(WorkerHttpUri ?? throw new InvalidOperationException("the worker gave no HttpUri"), request.RequestUri!);
        request.RequestUri = forwarded;
        request.Headers.Add("x-ms-invocation-id", invocationId);
        var trigger = function.Bindings.Single(b => b.Value.Type == "httpTrigger").Key;
        var invocation = InvokeAsync(function, invocationId, new ParameterBinding
        {
            Name = trigger,
            Data = new TypedData { Http = new RpcHttp { Method = request.Method.Method, Url = forwarded.AbsoluteUri } },
        });
        var response = await _http.SendAsync(request).WaitAsync(AnswerTimeout);
        return (await invocation, response);
    }

    /// <summary>Invokes a timer function as the host does when its schedule comes round.</summary>
    public Task<InvocationResponse> InvokeTimerAsync(string functionName, bool pastDue = false)
    {
        var function = _functions[functionName];
        var trigger = function.Bindings.Single(b => b.Value.Type == "timerTrigger").Key;
        var timerInfo = $$"""{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":{{(pastDue ? "true" : "false")}}}""";
        return InvokeAsync(function, Guid.NewGuid().ToString(), new ParameterBinding { Name = trigger, Data = new TypedData { Json = timerInfo } });
    }

    /// <summary>WorkerTerminate, then the worker's exit code once it has stopped.</summary>
    public async Task<int> TerminateAsync(TimeSpan gracePeriod)
    {
        await SendAsync(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Duration.FromTimeSpan(gracePeriod) } });
        await _worker!.WaitForExitAsync().WaitAsync(gracePeriod + AnswerTimeout);
        return _worker.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is { HasExited: false })
        {
            _worker.Kill(entireProcessTree: true);
            await _worker.WaitForExitAsync();
        }
        _worker?.Dispose();
        _http.Dispose();
        await _grpcServer.StopAsync();
        await _grpcServer.DisposeAsync();
    }

    private Task<InvocationResponse> InvokeAsync(RpcFunctionMetadata function, string invocationId, ParameterBinding input)
    {
        var request = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = function.FunctionId,
            // The worker starts an activity from it; the host always sends one.
            TraceContext = new RpcTraceContext
            {
                TraceParent = $"00-{Guid.NewGuid():N}-{Guid.NewGuid().ToString("N")[..16]}-01",
                TraceState = "",
            },
        };
        request.InputData.Add(input);
        return RequestAsync(new StreamingMessage { InvocationRequest = request }).ContinueWith(t => t.Result.InvocationResponse,
            TaskScheduler.Default);
    }

    /// <summary>Sends a request and waits for the message that answers it (the worker echoes the request id).</summary>
    private async Task<StreamingMessage> RequestAsync(StreamingMessage request)
    {
        request.RequestId = Guid.NewGuid().ToString();
        var answer = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[request.RequestId] = answer;
        await SendAsync(request);
        try
        {
            return await answer.Task.WaitAsync(AnswerTimeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"no answer to {request.ContentCase} from the worker. Its output:\n{WorkerOutput}", e);
        }
    }

    private async Task SendAsync(StreamingMessage message)
    {
        await _writing.WaitAsync();
        try
        {
            await (_toWorker ?? throw new InvalidOperationException("the worker has not connected")).WriteAsync(message);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>The worker's stream: everything it sends is sorted here until it hangs up.</summary>
    private async Task ServeAsync(IAsyncStreamReader<StreamingMessage> fromWorker, IServerStreamWriter<StreamingMessage> toWorker,
        CancellationToken cancellationToken)
    {
        await foreach (var message in fromWorker.ReadAllAsync(cancellationToken))
        {
            switch (message.ContentCase)
            {
                case StreamingMessage.ContentOneofCase.StartStream:
                    _toWorker = toWorker;
                    _started.TrySetResult(message.StartStream.WorkerId);
                    break;
                case StreamingMessage.ContentOneofCase.RpcLog:
                    Logs.Enqueue(message.RpcLog);
                    break;
                default:
                    if (_pending.TryRemove(message.RequestId, out var waiting)) waiting.TrySetResult(message);
                    break;
            }
        }
    }

    private void StartWorker(Uri grpcEndpoint, IReadOnlyDictionary<string, string> environment)
    {
        // The arguments the host gives a dotnet-isolated worker: the old names and the new.
        const int maxMessageLength = int.MaxValue;
        var requestId = Guid.NewGuid().ToString();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Combine(AppFolder, "Saver.Functions.dll"),
            "--host", grpcEndpoint.Host, "--port", grpcEndpoint.Port.ToString(), "--workerId", WorkerId, "--requestId", requestId,
            "--grpcMaxMessageLength", maxMessageLength.ToString(),
            "--functions-uri", grpcEndpoint.AbsoluteUri, "--functions-worker-id", WorkerId, "--functions-request-id", requestId,
            "--functions-grpc-max-message-length", maxMessageLength.ToString(),
        })
            start.ArgumentList.Add(argument);
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = AppFolder;
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = AppFolder;
        start.Environment["AzureWebJobsScriptRoot"] = AppFolder;
        foreach (var (key, value) in environment) start.Environment[key] = value;

        _worker = Process.Start(start) ?? throw new InvalidOperationException("the worker did not start");
        _worker.OutputDataReceived += (_, e) => Record(e.Data);
        _worker.ErrorDataReceived += (_, e) => Record(e.Data);
        _worker.BeginOutputReadLine();
        _worker.BeginErrorReadLine();
    }

    private void Record(string? line)
    {
        if (line is null) return;
        lock (_workerOutput) _workerOutput.AppendLine(line);
    }

    /// <summary>The gRPC service the worker connects to; it hands the stream to the host.</summary>
    private sealed class FunctionRpcService(StandInFunctionsHost host) : FunctionRpc.FunctionRpcBase
    {
        public override Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream,
            ServerCallContext context) => host.ServeAsync(requestStream, responseStream, context.CancellationToken);
    }
}
