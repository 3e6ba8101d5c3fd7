using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Saver.Functions.Api;

namespace Saver.Functions.Functions;

/// <summary>The kata methods, as Azure Functions: each hands its request to the API's one handler.</summary>
public sealed class KataFunctions(ApiRequestHandler api)
{
    [Function("kata_create")]
    public Task<IActionResult> KataCreate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "kata_create")] HttpRequest request) =>
        api.ServeAsync(request, "kata_create");

    [Function("kata_exists")]
    public Task<IActionResult> KataExists(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "kata_exists")] HttpRequest request) =>
        api.ServeAsync(request, "kata_exists?");

    [Function("kata_manifest")]
    public Task<IActionResult> KataManifest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "kata_manifest")] HttpRequest request) =>
        api.ServeAsync(request, "kata_manifest");

    [Function("kata_events")]
    public Task<IActionResult> KataEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "kata_events")] HttpRequest request) =>
        api.ServeAsync(request, "kata_events");

    [Function("kata_event")]
    public Task<IActionResult> KataEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "kata_event")] HttpRequest request) =>
        api.ServeAsync(request, "kata_event");

    [Function("katas_events")]
    public Task<IActionResult> KatasEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "katas_events")] HttpRequest request) =>
        api.ServeAsync(request, "katas_events");

    [Function("kata_option_get")]
    public Task<IActionResult> KataOptionGet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "kata_option_get")] HttpRequest request) =>
        api.ServeAsync(request, "kata_option_get");

    [Function("kata_option_set")]
    public Task<IActionResult> KataOptionSet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "kata_option_set")] HttpRequest request) =>
        api.ServeAsync(request, "kata_option_set");

    [Function("kata_ran_tests")]
    public Task<IActionResult> KataRanTests(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "kata_ran_tests")] HttpRequest request) =>
        api.ServeAsync(request, "kata_ran_tests");

    [Function("kata_predicted_right")]
    public Task<IActionResult> KataPredictedRight(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "kata_predicted_right")] HttpRequest request) =>
        api.ServeAsync(request, "kata_predicted_right");

    [Function("kata_predicted_wrong")]
    public Task<IActionResult> KataPredictedWrong(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "kata_predicted_wrong")] HttpRequest request) =>
        api.ServeAsync(request, "kata_predicted_wrong");

    [Function("kata_reverted")]
    public Task<IActionResult> KataReverted(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "kata_reverted")] HttpRequest request) =>
        api.ServeAsync(request, "kata_reverted");

    [Function("kata_checked_out")]
    public Task<IActionResult> KataCheckedOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "kata_checked_out")] HttpRequest request) =>
        api.ServeAsync(request, "kata_checked_out");

    [Function("kata_file_create")]
    public Task<IActionResult> KataFileCreate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "kata_file_create")] HttpRequest request) =>
        api.ServeAsync(request, "kata_file_create");

    [Function("kata_file_delete")]
    public Task<IActionResult> KataFileDelete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "kata_file_delete")] HttpRequest request) =>
        api.ServeAsync(request, "kata_file_delete");

    [Function("kata_file_rename")]
    public Task<IActionResult> KataFileRename(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "kata_file_rename")] HttpRequest request) =>
        api.ServeAsync(request, "kata_file_rename");

    [Function("kata_file_edit")]
    public Task<IActionResult> KataFileEdit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "kata_file_edit")] HttpRequest request) =>
        api.ServeAsync(request, "kata_file_edit");
}
