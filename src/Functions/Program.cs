using Microsoft.AspNetCore.ResponseCompression;
using Saver.Functions.Api;
using Saver.Functions.Hosting;

var migrateAll = MigrateAllCommand.TakeOption(ref args);
var commandLine = ImportCommandLine.Parse(args);
if (commandLine.Error is { } usage)
{
    Console.Error.WriteLine("saver: " + usage);
    return 2;
}

var builder = WebApplication.CreateBuilder(commandLine.HostArguments);

// As an Azure Functions custom handler the host tells us the port. Standalone we serve on the
// original saver's port, 4537, unless told otherwise (--urls, ASPNETCORE_URLS).
if (Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT") is { Length: > 0 } port)
    builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
else if (string.IsNullOrEmpty(builder.Configuration["urls"]))
    builder.WebHost.UseUrls("http://127.0.0.1:4537");

builder.Services.AddSaver(builder.Configuration);
builder.Services.AddResponseCompression(options =>
{
    options.EnableForHttps = true;
    options.Providers.Add<GzipCompressionProvider>();
    options.MimeTypes = ["application/json"];
});

var app = builder.Build();
app.UseResponseCompression();
app.MapScheduledDownloads();
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

/// <summary>The entry point, visible to tests that start the real app.</summary>
public partial class Program;
