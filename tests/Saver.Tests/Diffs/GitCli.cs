using System.Diagnostics;
using System.Text;

namespace Saver.Tests.Diffs;

/// <summary>
/// The git command line, as an oracle for tests only. User and system config are shut
/// out so nobody's settings change what git prints.
/// </summary>
internal static class GitCli
{
    private static readonly string[] Settings =
    [
        "-c", "safe.directory=*", "-c", "core.autocrlf=false", "-c", "core.quotePath=false",
        "-c", "user.name=oracle", "-c", "user.email=oracle@saver.local", "-c", "color.ui=never",
    ];

    public static string Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in Settings.Concat(arguments)) start.ArgumentList.Add(argument);
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["LC_ALL"] = "C";

        using var git = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        var error = git.StandardError.ReadToEndAsync();
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0)
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} exited {git.ExitCode}: {error.Result}");
        return output;
    }

    /// <summary>A repository whose HEAD~1 holds <paramref name="was"/> and HEAD holds <paramref name="now"/>.</summary>
    public static void CommitTwoFileSets(string folder, IReadOnlyDictionary<string, string> was, IReadOnlyDictionary<string, string> now)
    {
        Run(folder, "init", "-q", "-b", "main");
        foreach (var files in new[] { was, now })
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(folder).Where(path => Path.GetFileName(path) != ".git"))
            {
                if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
                else File.Delete(entry);
            }
            foreach (var (path, content) in files)
            {
                var full = Path.Combine(folder, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllBytes(full, Encoding.UTF8.GetBytes(content));
            }
            Run(folder, "add", "-A");
            Run(folder, "commit", "-q", "--allow-empty", "-m", files == was ? "was" : "now");
        }
    }
}
