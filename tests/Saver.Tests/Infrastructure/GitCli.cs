using System.Diagnostics;

namespace Saver.Tests.Infrastructure;

/// <summary>The git command line, used by tests only, as an independent judge of what Saver stores.</summary>
public static class GitCli
{
    /// <summary>Runs git in <paramref name="directory"/> and returns its standard output; fails the test on a non-zero exit.</summary>
    public static string Run(string directory, params string[] arguments)
    {
        var (exit, stdout, stderr) = TryRun(directory, arguments);
        Assert.True(exit == 0, $"git {string.Join(' ', arguments)} exited {exit}: {stderr}{stdout}");
        return stdout;
    }

    public static (int Exit, string Stdout, string Stderr) TryRun(string directory, params string[] arguments)
    {
        using var process = Process.Start(Git(directory, arguments, withInput: false))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs git with <paramref name="input"/> on its standard input and returns its standard output as bytes.</summary>
    public static byte[] RunBytes(string directory, byte[] input, params string[] arguments)
    {
        using var process = Process.Start(Git(directory, arguments, withInput: true))!;
        var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        process.WaitForExit();
        copy.Wait();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}");
        return stdout.ToArray();
    }

    /// <summary>Lines of output, without the trailing empty one.</summary>
    public static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>git in <paramref name="directory"/>, with no system or user configuration of this machine.</summary>
    private static ProcessStartInfo Git(string directory, IEnumerable<string> arguments, bool withInput)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = withInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "-c", "safe.directory=*" }.Concat(arguments)) start.ArgumentList.Add(a);
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["HOME"] = Path.GetTempPath();
        return start;
    }
}
