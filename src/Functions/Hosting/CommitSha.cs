using System.Reflection;

namespace Saver.Functions.Hosting;

/// <summary>
/// The commit the service was built from, for GET /sha: the COMMIT_SHA environment variable
/// (as the original), else the revision stamped into the assembly at build time.
/// </summary>
public sealed class CommitSha(IConfiguration configuration)
{
    public string Value { get; } = configuration["COMMIT_SHA"] is { Length: > 0 } sha ? sha : FromAssembly();

    private static string FromAssembly()
    {
        var version = typeof(CommitSha).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var plus = version?.IndexOf('+') ?? -1;
        return plus >= 0 ? version![(plus + 1)..] : "";
    }
}
