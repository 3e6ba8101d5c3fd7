using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Saver.Functions.Api;

namespace Saver.Functions.Functions;

/// <summary>The diff methods, as Azure Functions: each hands its request to the API's one handler.</summary>
public sealed class DiffFunctions(ApiRequestHandler api)
{
    [Function("diff_lines")]
    public Task<IActionResult> DiffLines(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "diff_lines")] HttpRequest request) =>
        api.ServeAsync(request, "diff_lines");

    [Function("diff_summary")]
    public Task<IActionResult> DiffSummary(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "diff_summary")] HttpRequest request) =>
        api.ServeAsync(request, "diff_summary");

    [Function("kata_git_diff")]
    public Task<IActionResult> KataGitDiff(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "kata_git_diff")] HttpRequest request) =>
        api.ServeAsync(request, "kata_git_diff");
}
