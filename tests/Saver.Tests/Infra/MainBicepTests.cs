using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Saver.Functions.Hosting;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Infra;

/// <summary>
/// infra/main.bicep compiles with the Bicep CLI (from NuGet, as the build downloads it) with
/// no warning, and what it deploys is what the app reads and safe by default: no key in any
/// setting, storage and telemetry reached with the app's managed identity, and the API open
/// only to the addresses given.
/// </summary>
public sealed class MainBicepTests
{
    /// <summary>The settings the Functions host (not Saver) reads, and why they are there.</summary>
    private static readonly Dictionary<string, string> PlatformSettings = new(StringComparer.Ordinal)
    {
        ["AzureWebJobsStorage__accountName"] = "the host's own storage (timer locks, keys), with the identity",
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "where the host and the worker send telemetry",
        ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "telemetry sent with the identity (local auth is off)",
    };

    private static string MainBicep => Path.Combine(RepositoryRoot.Path, "infra", "main.bicep");

    private static string BicepCli => typeof(MainBicepTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BicepCli").Value!;

    private static (int ExitCode, string Output, string Errors) Bicep(params string[] arguments)
    {
        var start = new ProcessStartInfo(BicepCli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, errors.Result);
    }

    private static readonly Lazy<JsonObject> Compiled = new(() =>
    {
        var (exitCode, output, errors) = Bicep("build", MainBicep, "--stdout");
        Assert.True(exitCode == 0, errors);
        Assert.True(errors.Trim().Length == 0, "bicep build warned:\n" + errors);
        return JsonNode.Parse(output)!.AsObject();
    });

    private static IEnumerable<JsonObject> Resources(string type)
    {
        var resources = Compiled.Value["resources"]!;
        var all = resources is JsonObject byName ? byName.Select(r => r.Value!) : resources.AsArray().Select(r => r!);
        return all.Select(r => r.AsObject()).Where(r => r["type"]!.GetValue<string>() == type);
    }

    private static JsonObject App => Assert.Single(Resources("Microsoft.Web/sites"));

    private static List<(string Name, string Value)> AppSettings() =>
        [.. App["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .Select(s => (s!["name"]!.GetValue<string>(), s["value"]!.ToString()))];

    [Fact]
    public void It_compiles_and_lints_without_a_warning()
    {
        Assert.NotNull(Compiled.Value["resources"]);
        var (exitCode, output, errors) = Bicep("lint", MainBicep);
        Assert.True(exitCode == 0 && (output + errors).Trim().Length == 0, output + errors);
    }

    [Fact]
    public void Every_app_setting_is_one_the_app_or_the_functions_host_reads()
    {
        foreach (var (name, _) in AppSettings())
        {
            if (PlatformSettings.ContainsKey(name)) continue;
            Assert.True(IsSaverOption(name), $"{name} is an app setting that nothing reads");
        }
    }

    [Fact]
    public void Its_saver_settings_pass_the_apps_own_checks_and_select_the_identity_path()
    {
        // Variables and parameters' defaults are read as deployed; the one value known only
        // when deployed, the account's blob endpoint, is given as it looks.
        var settings = AppSettings().Where(s => s.Name.StartsWith("Saver__", StringComparison.Ordinal))
            .ToDictionary(s => s.Name.Replace("__", ":"), s => Resolve(s.Value) ?? s.Name switch
        {
            "Saver__BlobServiceUri" => "https://stexample.blob.core.windows.net/",
            _ => throw new InvalidOperationException($"{s.Name}: cannot tell the value of {s.Value}"),
        });
        var options = new SaverOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings!).Build().GetSection(SaverOptions.Section).Bind(options);

        Assert.True(new SaverOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("azure", options.Store);
        Assert.NotNull(options.BlobServiceUri);
        Assert.Null(options.BlobConnectionString);
        Assert.NotNull(options.ScheduledDownloads.ParsedSchedule());
    }

    [Fact]
    public void No_key_is_anywhere_and_the_identity_is_granted_blob_data_and_telemetry()
    {
        var text = Compiled.Value.ToJsonString();
        Assert.DoesNotContain("listKeys", text);
        Assert.DoesNotContain("AccountKey", text);
        Assert.Equal("SystemAssigned", App["identity"]!["type"]!.GetValue<string>());
        var storage = Assert.Single(Resources("Microsoft.Storage/storageAccounts"));
        Assert.False(storage["properties"]!["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(storage["properties"]!["allowBlobPublicAccess"]!.GetValue<bool>());
        var insights = Assert.Single(Resources("Microsoft.Insights/components"));
        Assert.True(insights["properties"]!["DisableLocalAuth"]!.GetValue<bool>());

        var roles = Resources("Microsoft.Authorization/roleAssignments")
            .Select(r => Assert.Single(Variables(r["properties"]!["roleDefinitionId"]!.ToString())))
            .ToList();
        Assert.Contains("ba92f5b4-2d11-453d-a403-e96b0029c9fe", roles); // Storage Blob Data Contributor
        Assert.Contains("3913510d-42f4-4e42-8a64-420c390055eb", roles); // Monitoring Metrics Publisher
        Assert.All(Resources("Microsoft.Authorization/roleAssignments"),
            r => Assert.Contains("principalId", r["properties"]!["principalId"]!.ToString()));
    }

    [Fact]
    public void It_runs_the_dotnet_10_isolated_worker_on_linux_with_instances_kept_warm_and_calls_only_from_the_given_addresses()
    {
        var properties = App["properties"]!;
        Assert.Equal("functionapp,linux", App["kind"]!.GetValue<string>());
        Assert.Equal("dotnet-isolated", properties["functionAppConfig"]!["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("10.0", properties["functionAppConfig"]!["runtime"]!["version"]!.GetValue<string>());
        Assert.Contains("alwaysReady", properties["functionAppConfig"]!["scaleAndConcurrency"]!.ToJsonString());
        Assert.True(properties["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("Deny", properties["siteConfig"]!["ipSecurityRestrictionsDefaultAction"]!.GetValue<string>());
        var allowed = Assert.Single(properties["siteConfig"]!["copy"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "ipSecurityRestrictions")!;
        Assert.Contains("parameters('allowedInboundAddresses')", allowed["input"]!["ipAddress"]!.GetValue<string>());
        Assert.Equal("Allow", allowed["input"]!["action"]!.GetValue<string>());
        Assert.Null(Compiled.Value["parameters"]!["allowedInboundAddresses"]!["defaultValue"]); // no default: say who may call
        Assert.Equal("FlexConsumption", Assert.Single(Resources("Microsoft.Web/serverfarms"))["sku"]!["tier"]!.GetValue<string>());
    }

    /// <summary>The value of an ARM expression that is a variable or a parameter's default, or null for anything else.</summary>
    private static string? Resolve(string value)
    {
        if (!value.StartsWith('[')) return value;
        var match = System.Text.RegularExpressions.Regex.Match(value, @"^\[(variables|parameters)\('(\w+)'\)\]$");
        if (!match.Success) return null;
        var name = match.Groups[2].Value;
        var resolved = match.Groups[1].Value == "variables"
            ? Compiled.Value["variables"]![name]
            : Compiled.Value["parameters"]![name]!["defaultValue"];
        return resolved?.ToString() is { } text ? Resolve(text) : null;
    }

    /// <summary>The values of the variables an expression names.</summary>
    private static IEnumerable<string> Variables(string expression) =>
        System.Text.RegularExpressions.Regex.Matches(expression, @"variables\('(\w+)'\)")
            .Select(m => Compiled.Value["variables"]![m.Groups[1].Value]!.GetValue<string>());

    /// <summary>Saver__A__B names the option SaverOptions.A.B, as the configuration binder reads it.</summary>
    private static bool IsSaverOption(string setting)
    {
        var path = setting.Split("__");
        if (path[0] != SaverOptions.Section) return false;
        var type = typeof(SaverOptions);
        foreach (var part in path[1..])
        {
            var property = type.GetProperty(part, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || !property.CanWrite) return false;
            type = property.PropertyType;
        }
        return true;
    }
}
