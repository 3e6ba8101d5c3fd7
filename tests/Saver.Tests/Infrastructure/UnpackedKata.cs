using Saver.Storage.Blobs;

namespace Saver.Tests.Infrastructure;

/// <summary>
/// A format-2 kata's repository as it is stored now, unpacked into a temporary folder so the
/// git command line can judge it (commit messages, tags).
/// </summary>
public sealed class UnpackedKata : IDisposable
{
    private readonly TempDirectory _folder;

    private UnpackedKata(TempDirectory folder, string gitDirectory)
    {
        _folder = folder;
        GitDirectory = gitDirectory;
    }

    public string GitDirectory { get; }

    public static async Task<UnpackedKata> UnpackAsync(IBlobStore blobs, string id)
    {
        var folder = new TempDirectory("unpacked");
        var git = await StoredRepository.UnpackAsync(blobs, id, Path.Combine(folder.Path, id));
        return new UnpackedKata(folder, git);
    }

    /// <summary>Runs git on the repository; fails the test when git fails.</summary>
    public string Git(params string[] arguments) => GitCli.Run(GitDirectory, ["--git-dir", GitDirectory, .. arguments]);

    /// <summary>The subject of the commit a revision (a tag, main) names.</summary>
    public string Subject(string revision) => Git("log", "-1", "--format=%s", revision).TrimEnd('\n');

    /// <summary>Every commit's subject on main, newest first.</summary>
    public string[] Log() => GitCli.Lines(Git("log", "--format=%s", "main"));

    /// <summary>The tags, in numeric order.</summary>
    public int[] Tags() => GitCli.Lines(Git("tag")).Select(int.Parse).Order().ToArray();

    /// <summary>The commit a revision names.</summary>
    public string CommitOf(string revision) => Git("rev-parse", revision + "^{commit}").Trim();

    public void Dispose() => _folder.Dispose();
}
