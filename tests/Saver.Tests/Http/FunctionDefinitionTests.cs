using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Saver.Functions.Api;
using Saver.Functions.Hosting;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Http;

/// <summary>
/// Deployed as a Functions isolated worker, the host serves only the routes the build's
/// functions.metadata declares (the Worker SDK writes it from the [Function] attributes). So
/// every API method must be exactly one HTTP function with its route and verb, every function
/// a method (or the timer), and the standalone app must serve the same routes.
/// </summary>
public class FunctionDefinitionTests
{
    private static JsonArray Metadata() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.FunctionsAppFolder, "functions.metadata")))!.AsArray();

    private static JsonObject Trigger(JsonNode function) =>
        function["bindings"]!.AsArray().Single(b => b!["type"]!.GetValue<string>().EndsWith("Trigger", StringComparison.Ordinal))!.AsObject();

    private static string TriggerType(JsonNode function) => Trigger(function)["type"]!.GetValue<string>();

    [Fact]
    public void Every_route_is_a_function_and_every_function_a_route_with_the_same_verb()
    {
        var http = Metadata().Where(f => TriggerType(f!) == "httpTrigger").ToList();
        var declared = http.ToDictionary(
            f => Trigger(f!)["route"]!.GetValue<string>(),
            f => Trigger(f!)["methods"]!.AsArray().Select(m => m!.GetValue<string>().ToUpperInvariant()).ToList());
        var methods = SaverApi.Methods.ToDictionary(m => m.Route.TrimStart('/'), m => m.Verb);

        Assert.Equal(methods.Keys.Order(), declared.Keys.Order());
        foreach (var (route, verb) in methods) Assert.Equal([verb], declared[route]);
        Assert.All(http, f => Assert.Equal(Trigger(f!)["route"]!.GetValue<string>(), f!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void The_only_other_function_is_the_scheduled_downloads_timer_on_the_schedule_setting()
    {
        var others = Metadata().Where(f => TriggerType(f!) != "httpTrigger").ToList();

        var timer = Assert.Single(others)!;
        Assert.Equal(ScheduledDownloadsJob.FunctionName, timer["name"]!.GetValue<string>());
        Assert.Equal("timerTrigger", TriggerType(timer));
        Assert.Equal($"%{ScheduledDownloadsSettings.Section}:Schedule%", Trigger(timer)["schedule"]!.GetValue<string>());
    }

    [Fact]
    public void Http_functions_are_anonymous_because_the_original_client_sends_no_keys()
    {
        // Access is limited by the app's inbound restrictions instead (infra/README.md).
        Assert.All(Metadata().Where(f => TriggerType(f!) == "httpTrigger"),
            f => Assert.Equal("anonymous", Trigger(f!)["authLevel"]!.GetValue<string>().ToLowerInvariant()));
    }

    [Fact]
    public async Task The_standalone_app_serves_the_same_routes()
    {
        using var data = new TempDirectory("data");
        await using var app = SaverApp.OnLocalDirectory(data.Path);
        var served = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!.TrimStart('/'))
            .Where(r => !r.Contains('{'))
            .ToHashSet();
        var declared = Metadata().Where(f => TriggerType(f!) == "httpTrigger").Select(f => Trigger(f!)["route"]!.GetValue<string>());

        Assert.Equal(declared.Order(), served.Order());
    }

    [Fact]
    public void The_example_settings_name_the_isolated_worker_and_a_six_field_schedule()
    {
        var example = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "src", "Functions", "local.settings.json.example")))!["Values"]!;

        Assert.Equal("dotnet-isolated", example["FUNCTIONS_WORKER_RUNTIME"]!.GetValue<string>());
        var schedule = example["Saver__ScheduledDownloads__Schedule"]!.GetValue<string>();
        Assert.NotNull(new ScheduledDownloadsSettings { Schedule = schedule }.ParsedSchedule());
        Assert.Equal(6, schedule.Split(' ').Length); // NCRONTAB: seconds first
    }

    [Fact]
    public void Host_json_has_no_route_prefix_and_travels_with_the_build()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.FunctionsAppFolder, "host.json")))!;

        Assert.Equal("2.0", host["version"]!.GetValue<string>());
        Assert.Equal("", host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
        Assert.Null(host["customHandler"]);
        var worker = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.FunctionsAppFolder, "worker.config.json")))!;
        Assert.Equal("dotnet-isolated", worker["description"]!["language"]!.GetValue<string>());
        Assert.Equal("Saver.Functions.dll", worker["description"]!["defaultWorkerPath"]!.GetValue<string>());
    }
}
