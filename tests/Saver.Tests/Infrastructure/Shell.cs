using System.Diagnostics;

namespace Saver.Tests.Infrastructure;

/// <summary>Other command-line tools (tar, chown, stat) that tests use as independent judges or to set up files as the original's host would.</summary>
public static class Shell
{
    /// <summary>Runs a program and returns its standard output; fails the test on a non-zero exit.</summary>
    public static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}{stdout.Result}");
        return stdout.Result;
    }

    /// <summary>The numeric owner of a file or folder.</summary>
    public static int OwnerOf(string path) => int.Parse(Run("stat", "-c", "%u", path).Trim());

    /// <summary>The uid the original saver's files belong to in its archives.</summary>
    public const int OriginalSaverUid = 19663;

    /// <summary>Gives a folder and everything in it to another user, as a copy of the original's data folder is owned.</summary>
    public static void GiveToOriginalSaver(string path) => Run("chown", "-R", $"{OriginalSaverUid}:65534", path);

    /// <summary>Extracts an archive with the tar command, as run.sh's operator would (as root, owners kept).</summary>
    public static void Untar(string archive, string folder)
    {
        Directory.CreateDirectory(folder);
        Run("tar", "-xf", archive, "-C", folder);
    }
}
