using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Saver.Functions.Api;

namespace Saver.Functions.Functions;

/// <summary>Beyond the original: tag archives, streamed downloads, scheduled downloads on demand, as Azure Functions: each hands its request to the API's one handler.</summary>
public sealed class ArchiveFunctions(ApiRequestHandler api)
{
    [Function("kata_archive")]
    public Task<IActionResult> KataArchive(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "kata_archive")] HttpRequest request) =>
        api.ServeAsync(request, "kata_archive");

    [Function("kata_download_tgz")]
    public Task<IActionResult> KataDownloadTgz(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "kata_download_tgz")] HttpRequest request) =>
        api.ServeAsync(request, "kata_download_tgz");

    [Function("scheduled_downloads_run")]
    public Task<IActionResult> ScheduledDownloadsRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "scheduled_downloads_run")] HttpRequest request) =>
        api.ServeAsync(request, "scheduled_downloads_run");
}
