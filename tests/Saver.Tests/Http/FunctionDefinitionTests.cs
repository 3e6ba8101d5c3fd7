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
/// </summary>
public class FunctionDefinitionTests
{
    private static string FunctionsFolder => Path.Combine(RepositoryRoot.Path, "functions");

    private static Dictionary<string, JsonObject> FunctionJsons() =>
        Directory.GetDirectories(FunctionsFolder).ToDictionary(
            Path.GetFileName,
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
        var declared = httpFunctions.Values
            .Select(f => f["bindings"]!.AsArray().First(b => b!["type"]!.GetValue<string>() == "httpTrigger")!["route"]!.GetValue<string>())
            .ToHashSet();
        Assert.Empty(served.Except(declared));
        Assert.Empty(declared.Except(served));
        Assert.Equal(SaverApi.Methods.Count, httpFunctions.Count);
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
