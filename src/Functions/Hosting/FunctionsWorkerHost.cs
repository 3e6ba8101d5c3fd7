using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Logging.ApplicationInsights;
using Microsoft.Extensions.Options;

namespace Saver.Functions.Hosting;

/// <summary>
/// Saver as an Azure Functions .NET isolated worker: the Functions host starts it, speaks
/// gRPC with it, and forwards each HTTP request to the worker's own Kestrel (ASP.NET Core
/// integration), where the function of the route (Functions/) hands it to the API's handler.
/// The host does the routing, keys, scaling and the timer's schedule (one instance at a time).
/// </summary>
public static class FunctionsWorkerHost
{
    /// <summary>The argument the Functions host gives its worker: the address of its gRPC endpoint.</summary>
    public const string HostEndpointArgument = "--functions-uri";

    public static bool WasStartedByFunctionsHost(string[] args) =>
        args.Any(a => a == HostEndpointArgument || a.StartsWith(HostEndpointArgument + "=", StringComparison.Ordinal));

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddSaver(builder.Configuration);
        // Request telemetry comes from the host; the worker sends its own logs and dependencies.
        builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
        // Application Insights' default rule keeps only warnings; Saver's information logs
        // (scheduled downloads, lease waits) are worth having there too.
        builder.Services.Configure<LoggerFilterOptions>(options =>
            options.Rules.Remove(options.Rules.FirstOrDefault(r => r.ProviderName == typeof(ApplicationInsightsLoggerProvider).FullName)!));
        try
        {
            using var host = builder.Build();
            _ = host.Services.GetRequiredService<IOptions<SaverOptions>>().Value;
            await host.RunAsync();
            return 0;
        }
        catch (OptionsValidationException e)
        {
            return StandaloneHost.ReportConfigurationErrors(e);
        }
    }
}
