using LibGit2Sharp;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Git;

/// <summary>
/// LibGit2Sharp's own native library (NativeBinaries 2.0.324) loads on linux-x64 with no
/// system libgit2, and works.
/// </summary>
public class LibGit2SmokeTests
{
    [Fact]
    public void Native_library_loads_and_a_bare_repository_initialises()
    {
        using var dir = new TempDirectory("lg2");
        var path = Repository.Init(dir.Path, isBare: true);
        using var repo = new Repository(path);
        Assert.True(repo.Info.IsBare);
    }
}
