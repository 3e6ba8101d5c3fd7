using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Saver.Functions.Api;

namespace Saver.Functions.Functions;

/// <summary>The probes, as Azure Functions: each hands its request to the API's one handler.</summary>
public sealed class ProbeFunctions(ApiRequestHandler api)
{
    [Function("alive")]
    public Task<IActionResult> Alive(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "alive")] HttpRequest request) =>
        api.ServeAsync(request, "alive?");

    [Function("ready")]
    public Task<IActionResult> Ready(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ready")] HttpRequest request) =>
        api.ServeAsync(request, "ready?");

    [Function("sha")]
    public Task<IActionResult> Sha(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sha")] HttpRequest request) =>
        api.ServeAsync(request, "sha");
}
