using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Saver.Functions.Api;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Http;

/// <summary>
/// Deployed as an Azure Functions custom handler, the host only forwards requests for
/// routes that some function.json declares: so every route the app serves needs exactly
/// one function.json with its verb, and every function.json must name a served route.
/// A function with another trigger (a timer) is invoked by the host as POST /&lt;function name&gt;,
/// so that is its route.
/// </summary>
public class FunctionDefinitionTests
{
    private static string FunctionsFolder => Path.Combine(RepositoryRoot.Path, "functions");

    private static bool HasTrigger(JsonObject function, string type) =>
        function["bindings"]!.AsArray().Any(b => b!["type"]!.GetValue<string>() == type);

    private static Dictionary<string, JsonObject> FunctionJsons() =>
        Directory.GetDirectories(FunctionsFolder).ToDictionary(
            dir => Path.GetFileName(dir),
            dir => JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "function.json")))!.AsObject())!;

    [Fact]
    public async Task Every_served_route_has_a_function_json_and_every_function_json_a_route()
    {
        using var data = new TempDirectory("data");
        await using var app = SaverApp.OnLocalDirectory(data.Path);
        var served = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!.TrimStart('/'))
            .Where(r => !r.Contains('{'))
            .ToHashSet();
        var functions = FunctionJsons();

        var httpFunctions = functions
            .Where(f => f.Value["bindings"]!.AsArray().Any(b => b!["type"]!.GetValue<string>() == "httpTrigger"))
            .ToDictionary(f => f.Key, f => f.Value);
        var timerFunctions = functions.Where(f => HasTrigger(f.Value, "timerTrigger")).Select(f => f.Key).ToList();
        var declared = httpFunctions.Values
            .Select(f => f["bindings"]!.AsArray().First(b => b!["type"]!.GetValue<string>() == "httpTrigger")!["route"]!.GetValue<string>())
            .Concat(timerFunctions)
            .ToHashSet();
        Assert.Empty(served.Except(declared));
        Assert.Empty(declared.Except(served));
        Assert.Equal(SaverApi.Methods.Count, httpFunctions.Count);
        Assert.Equal(functions.Count, httpFunctions.Count + timerFunctions.Count);
    }

    [Fact]
    public async Task Each_timer_function_has_a_schedule_from_an_app_setting_that_the_example_settings_give_and_the_app_serves_it_by_post()
    {
        var timers = FunctionJsons().Where(f => HasTrigger(f.Value, "timerTrigger")).ToList();
        Assert.Contains(timers, f => f.Key == "ScheduledDownloads");
        var example = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.json.example")))!["Values"]!;
        using var data = new TempDirectory("data");
        await using var app = SaverApp.OnLocalDirectory(data.Path);
        foreach (var (name, function) in timers)
        {
            var trigger = Assert.Single(function["bindings"]!.AsArray(), b => b!["type"]!.GetValue<string>() == "timerTrigger")!;
            Assert.Equal("in", trigger["direction"]!.GetValue<string>());
            var schedule = trigger["schedule"]!.GetValue<string>();
            Assert.Matches("^%[A-Za-z_]+%$", schedule);
            var setting = example[schedule.Trim('%')]?.GetValue<string>();
            Assert.NotNull(setting);
            Assert.Equal(6, setting.Split(' ').Length); // NCRONTAB: seconds first

            // A wrong verb is the usual 404; POST is the host's invocation.
            var get = await app.Client.SendRawAsync(HttpMethod.Get, "/" + name);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, get.Status);
        }
    }

    [Fact]
    public void Each_function_json_names_its_methods_verb_route_and_an_anonymous_http_trigger()
    {
        var functions = FunctionJsons();
        foreach (var method in SaverApi.Methods)
        {
            Assert.True(functions.TryGetValue(method.FunctionName, out var function), $"functions/{method.FunctionName}/function.json is missing");
            var bindings = function!["bindings"]!.AsArray();
            var trigger = bindings.Single(b => b!["type"]!.GetValue<string>() == "httpTrigger")!;
            Assert.Equal(method.FunctionName, trigger["route"]!.GetValue<string>());
            Assert.Equal([method.Verb.ToLowerInvariant()], trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>()));
            Assert.Equal("anonymous", trigger["authLevel"]!.GetValue<string>());
            Assert.Contains(bindings, b => b!["type"]!.GetValue<string>() == "http" && b["direction"]!.GetValue<string>() == "out");
        }
    }

    [Fact]
    public void Host_json_forwards_requests_to_the_custom_handler_with_no_route_prefix()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "host.json")))!;
        Assert.Equal("2.0", host["version"]!.GetValue<string>());
        Assert.True(host["customHandler"]!["enableForwardingHttpRequest"]!.GetValue<bool>());
        Assert.Equal("Saver.Functions", host["customHandler"]!["description"]!["defaultExecutablePath"]!.GetValue<string>());
        Assert.Equal("", host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
    }
}
