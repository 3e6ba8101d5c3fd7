using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Saver.Functions.Api;

namespace Saver.Functions.Functions;

/// <summary>The methods that copy a kata, as Azure Functions: each hands its request to the API's one handler.</summary>
public sealed class KataCopyFunctions(ApiRequestHandler api)
{
    [Function("kata_fork")]
    public Task<IActionResult> KataFork(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "kata_fork")] HttpRequest request) =>
        api.ServeAsync(request, "kata_fork");

    [Function("kata_download")]
    public Task<IActionResult> KataDownload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "kata_download")] HttpRequest request) =>
        api.ServeAsync(request, "kata_download");
}
