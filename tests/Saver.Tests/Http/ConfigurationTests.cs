using System.Diagnostics;
using System.Net;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Http;

/// <summary>
/// Settings are bound once and checked when the app starts; Saver:BlobServiceUri reaches the
/// store with a token credential (managed identity on Azure) and no key.
/// </summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("--Saver:LeaseSeconds", "5", "Saver:LeaseSeconds is 5; it must be 15..60")]
    [InlineData("--Saver:Store", "disk", "Saver:Store is 'disk'")]
    [InlineData("--Saver:CompactAfterTailMegabytes", "0", "Saver:CompactAfterTailMegabytes is 0; it must be at least 1")]
    [InlineData("--Saver:ScheduledDownloads:Schedule", "every day", "Saver:ScheduledDownloads:Schedule 'every day' is not an NCRONTAB schedule")]
    public async Task A_wrong_setting_stops_the_app_at_start_with_a_message_naming_it(string setting, string value, string message)
    {
        using var data = new TempDirectory("data");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = data.Path,
        };
        foreach (var argument in new[]
        {
            Path.Combine(RepositoryRoot.FunctionsAppFolder, "Saver.Functions.dll"),
            "--urls", "http://127.0.0.1:0", "--Saver:DataDirectory", data.Path, setting, value,
        })
            start.ArgumentList.Add(argument);
        using var app = Process.Start(start)!;
        var errors = app.StandardError.ReadToEndAsync();
        await app.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, app.ExitCode);
        Assert.Contains("saver: configuration: " + message, await errors);
        Assert.Empty(Directory.EnumerateFileSystemEntries(data.Path));
    }

    [Fact]
    public async Task Saver_BlobServiceUri_signs_every_request_with_a_token_of_the_apps_credential_and_no_key()
    {
        var credential = new RecordingCredential();
        var service = new AnsweringHandler();
        await using var app = SaverApp.Start(new Dictionary<string, string?>
        {
            ["Saver:Store"] = "azure",
            ["Saver:BlobServiceUri"] = "https://stexample.blob.core.windows.net/",
            ["Saver:Container"] = "saver",
        }, configureServices: services =>
        {
            services.AddSingleton<TokenCredential>(credential);
            services.AddSingleton(new BlobClientOptions { Transport = new HttpClientTransport(service) });
        });

        var ready = await app.Client.GetAsync("ready?");

        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.True(ready.Json!["ready?"]!.GetValue<bool>());
        Assert.Contains(service.Requests, r => r.Uri.Query.Contains("comp=list"));
        Assert.All(service.Requests, r =>
        {
            Assert.Equal("stexample.blob.core.windows.net", r.Uri.Host);
            Assert.StartsWith("/saver", r.Uri.AbsolutePath);
            Assert.Equal("Bearer " + RecordingCredential.Token, r.Authorization);
        });
        Assert.Contains("https://storage.azure.com/.default", credential.Scopes);
    }

    /// <summary>A credential that hands out one fixed token and notes what it was asked for.</summary>
    private sealed class RecordingCredential : TokenCredential
    {
        public const string Token = "token-of-the-managed-identity";

        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            lock (Scopes) Scopes.AddRange(requestContext.Scopes);
            return new AccessToken(Token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    /// <summary>Answers as Blob Storage would a new, empty container: created, and listed empty.</summary>
    private sealed class AnsweringHandler : HttpMessageHandler
    {
        public List<(Uri Uri, string Authorization)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests)
                Requests.Add((request.RequestUri!, request.Headers.TryGetValues("Authorization", out var a) ? a.Single() : ""));
            var response = request.RequestUri!.Query.Contains("comp=list")
                ? new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = new StringContent(
                        "<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ServiceEndpoint=\"https://stexample.blob.core.windows.net/\" ContainerName=\"saver\"><Blobs /><NextMarker /></EnumerationResults>",
                        Encoding.UTF8, "application/xml"),
                }
                : new HttpResponseMessage(HttpStatusCode.Created) { Content = new ByteArrayContent([]) };
            response.Headers.TryAddWithoutValidation("ETag", "\"0x1\"");
            response.Content.Headers.TryAddWithoutValidation("Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT");
            response.RequestMessage = request;
            return Task.FromResult(response);
        }
    }
}
