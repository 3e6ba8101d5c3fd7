using System.Diagnostics;

namespace Saver.Benchmarks.Infrastructure;

/// <summary>
/// Runs the git command line as a child process, as the original saver ran git: one process
/// per command, its output collected, a non-zero exit an error. Neither the user's nor the
/// system's git configuration takes part, so every machine runs the same commands.
/// </summary>
public sealed class GitCommand(string workTree, string home)
{
    public string WorkTree { get; } = workTree;

    public async Task<string> RunAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = WorkTree,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["HOME"] = home;
        start.Environment["XDG_CONFIG_HOME"] = home;

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException("could not start git");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var output = await stdout.ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"git {string.Join(' ', arguments)} exited {process.ExitCode} in {WorkTree}: {await stderr.ConfigureAwait(false)}{output}");
        return output;
    }
}
