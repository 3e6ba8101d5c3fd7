using Microsoft.Extensions.Options;
using Saver.Functions.Api;

namespace Saver.Functions.Hosting;

/// <summary>
/// Saver on its own Kestrel, without the Functions host: every API method at its route (on
/// the original's port, 4537, unless told otherwise), the ScheduledDownloads timer run by
/// <see cref="ScheduledDownloadsScheduler"/>, and the one-off commands --import and --migrate-all.
/// </summary>
public static class StandaloneHost
{
    public const int ConfigurationError = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var migrateAll = MigrateAllCommand.TakeOption(ref args);
        var commandLine = ImportCommandLine.Parse(args);
        if (commandLine.Error is { } usage)
        {
            await Console.Error.WriteLineAsync("saver: " + usage);
            return ConfigurationError;
        }

        var builder = WebApplication.CreateBuilder(commandLine.HostArguments);
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://127.0.0.1:4537");
        builder.Services.AddSaver(builder.Configuration);
        builder.Services.AddHostedService<ScheduledDownloadsScheduler>();

        var app = builder.Build();
        try
        {
            // Checked now, before the commands below use them, as well as when the host starts.
            _ = app.Services.GetRequiredService<IOptions<SaverOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            return ReportConfigurationErrors(e);
        }
        app.MapSaverApi(SaverApi.Methods);
        if (commandLine.ImportPaths.Count > 0)
        {
            var exitCode = await app.Services.GetRequiredService<ImportCommand>()
                .RunAsync(commandLine.ImportPaths, Console.Out, Console.Error, app.Lifetime.ApplicationStopping);
            if (exitCode != 0) return exitCode;
        }
        if (migrateAll) await app.Services.GetRequiredService<MigrateAllCommand>().RunAsync(app.Lifetime.ApplicationStopping);
        await app.RunAsync();
        return 0;
    }

    /// <summary>Says on stderr which settings are wrong and why; the app does not start.</summary>
    public static int ReportConfigurationErrors(OptionsValidationException e)
    {
        foreach (var failure in e.Failures) Console.Error.WriteLine("saver: configuration: " + failure);
        return ConfigurationError;
    }
}
