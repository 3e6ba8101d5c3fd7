using Saver.Functions.Hosting;

// One app, two hosts, told apart by how it was started: the Azure Functions host starts its
// worker with --functions-uri (the host's gRPC endpoint); anything else is a standalone
// Saver serving on Kestrel (run.sh, a self-hosted cyber-dojo server, the tests).
return FunctionsWorkerHost.WasStartedByFunctionsHost(args)
    ? await FunctionsWorkerHost.RunAsync(args)
    : await StandaloneHost.RunAsync(args);

/// <summary>The entry point, visible to tests that start the real app.</summary>
public partial class Program;
