using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Saver.Functions.Api;

namespace Saver.Functions.Functions;

/// <summary>Beyond the original: migration of formats 0 and 1, as Azure Functions: each hands its request to the API's one handler.</summary>
public sealed class MigrationFunctions(ApiRequestHandler api)
{
    [Function("kata_migrate")]
    public Task<IActionResult> KataMigrate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "kata_migrate")] HttpRequest request) =>
        api.ServeAsync(request, "kata_migrate");

    [Function("group_migrate")]
    public Task<IActionResult> GroupMigrate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "group_migrate")] HttpRequest request) =>
        api.ServeAsync(request, "group_migrate");
}
