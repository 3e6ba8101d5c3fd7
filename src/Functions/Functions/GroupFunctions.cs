using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Saver.Functions.Api;

namespace Saver.Functions.Functions;

/// <summary>The group methods, as Azure Functions: each hands its request to the API's one handler.</summary>
public sealed class GroupFunctions(ApiRequestHandler api)
{
    [Function("group_create")]
    public Task<IActionResult> GroupCreate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "group_create")] HttpRequest request) =>
        api.ServeAsync(request, "group_create");

    [Function("group_exists")]
    public Task<IActionResult> GroupExists(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "group_exists")] HttpRequest request) =>
        api.ServeAsync(request, "group_exists?");

    [Function("group_manifest")]
    public Task<IActionResult> GroupManifest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "group_manifest")] HttpRequest request) =>
        api.ServeAsync(request, "group_manifest");

    [Function("group_join")]
    public Task<IActionResult> GroupJoin(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "group_join")] HttpRequest request) =>
        api.ServeAsync(request, "group_join");

    [Function("group_joined")]
    public Task<IActionResult> GroupJoined(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "group_joined")] HttpRequest request) =>
        api.ServeAsync(request, "group_joined");

    [Function("group_fork")]
    public Task<IActionResult> GroupFork(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "group_fork")] HttpRequest request) =>
        api.ServeAsync(request, "group_fork");
}
