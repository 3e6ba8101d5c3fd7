namespace Saver.Functions.Hosting;

/// <summary>
/// The app's own command-line options: <c>--import PATH</c> (also <c>--import=PATH</c>), any
/// number of times. Everything else is left for the host (<c>--urls</c>, configuration keys).
/// </summary>
public sealed record ImportCommandLine(IReadOnlyList<string> ImportPaths, string[] HostArguments, string? Error)
{
    public const string ImportOption = "--import";

    public static ImportCommandLine Parse(string[] args)
    {
        var paths = new List<string>();
        var host = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg.StartsWith(ImportOption + "=", StringComparison.Ordinal))
            {
                var value = arg[(ImportOption.Length + 1)..];
                if (value.Length == 0) return Missing(paths, host);
                paths.Add(value);
            }
            else if (arg == ImportOption)
            {
                if (i + 1 == args.Length || args[i + 1].Length == 0 || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    return Missing(paths, host);
                paths.Add(args[++i]);
            }
            else
            {
                host.Add(arg);
            }
        }
        return new ImportCommandLine(paths, [.. host], null);
    }

    private static ImportCommandLine Missing(List<string> paths, List<string> host) =>
        new(paths, [.. host], $"{ImportOption} needs a path: {ImportOption} DIR (a data folder of the original saver) or {ImportOption} FILE.tgz");
}
