using Microsoft.AspNetCore.ResponseCompression;
using Saver.Functions.Api;
using Saver.Functions.Hosting;

var builder = WebApplication.CreateBuilder(args);

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
app.Run();

/// <summary>The entry point, visible to tests that start the real app.</summary>
public partial class Program;
