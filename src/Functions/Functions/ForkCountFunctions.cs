using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Saver.Functions.Api;

namespace Saver.Functions.Functions;

/// <summary>Beyond the original: fork counts, as Azure Functions: each hands its request to the API's one handler.</summary>
public sealed class ForkCountFunctions(ApiRequestHandler api)
{
    [Function("kata_forks")]
    public Task<IActionResult> KataForks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "kata_forks")] HttpRequest request) =>
        api.ServeAsync(request, "kata_forks");
}
