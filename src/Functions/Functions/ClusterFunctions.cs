using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Saver.Functions.Api;

namespace Saver.Functions.Functions;

/// <summary>The cluster methods and id_chain, as Azure Functions: each hands its request to the API's one handler.</summary>
public sealed class ClusterFunctions(ApiRequestHandler api)
{
    [Function("cluster_create")]
    public Task<IActionResult> ClusterCreate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cluster_create")] HttpRequest request) =>
        api.ServeAsync(request, "cluster_create");

    [Function("cluster_manifest")]
    public Task<IActionResult> ClusterManifest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cluster_manifest")] HttpRequest request) =>
        api.ServeAsync(request, "cluster_manifest");

    [Function("cluster_exists")]
    public Task<IActionResult> ClusterExists(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cluster_exists")] HttpRequest request) =>
        api.ServeAsync(request, "cluster_exists?");

    [Function("id_chain")]
    public Task<IActionResult> IdChain(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "id_chain")] HttpRequest request) =>
        api.ServeAsync(request, "id_chain");
}
