using System.Text;
using LibGit2Sharp;
using Microsoft.Extensions.Logging.Abstractions;
using Saver.Storage.Git;
using Saver.Storage.Git.Packs;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Git;

/// <summary>
/// libgit2 keeps a pack loaded (its index mapped, its file open) only while an object database
/// is open on it: the cache holds the packs of the repositories opened last, and only those.
/// </summary>
public sealed class LoadedPacksTests : IDisposable
{
    private readonly TempDirectory _temp = new("loaded-packs");

    public void Dispose() => _temp.Dispose();

    private RepositoryCache Cache(int packsLoadedFor) => new(_temp.Path, 1L << 30, NullLogger.Instance, packsLoadedFor);

    /// <summary>Puts a pack of one blob into the folder and returns the blob's id.</summary>
    private static ObjectId AddPack(RepositoryFolder folder, string text)
    {
        var blob = new RawObject(GitObjectKind.Blob, Encoding.UTF8.GetBytes(text));
        var id = ObjectOverlay.IdOf(blob.Kind, blob.Data);
        var pack = new PackWriter();
        pack.Add(id, blob);
        using var objects = GitObjectStore.Open(folder.GitDirectory);
        objects.IndexPack(pack.ToArray());
        return id;
    }

    /// <summary>Opens the folder's repository, reads the blob from its pack, and closes it again, as a request does.</summary>
    private static void Read(RepositoryFolder folder, ObjectId id, string expected)
    {
        using var repo = folder.Open();
        Assert.Equal(expected, repo.Lookup<Blob>(id).GetContentText());
    }

    /// <summary>The pack files of the folder this process has open now.</summary>
    private static int OpenPackFiles(RepositoryFolder folder)
    {
        var packs = Path.Combine(folder.GitDirectory, "objects", "pack") + Path.DirectorySeparatorChar;
        return new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Select(fd => { try { return fd.LinkTarget; } catch (IOException) { return null; } })
            .Count(target => target is not null && target.StartsWith(packs, StringComparison.Ordinal) && target.EndsWith(".pack", StringComparison.Ordinal));
    }

    [Fact]
    public void The_packs_of_the_repositories_opened_last_stay_loaded_after_their_requests_and_the_oldest_go()
    {
        Assert.True(OperatingSystem.IsLinux(), "reads the process's open files from /proc");
        using var cache = Cache(packsLoadedFor: 2);
        var folders = Enumerable.Range(0, 3).Select(_ => cache.NewFolder()).ToList();
        var ids = folders.Select((f, i) => AddPack(f, $"blob {i}")).ToList();

        for (var i = 0; i < 3; i++) Read(folders[i], ids[i], $"blob {i}");

        Assert.Equal(2, cache.RepositoriesWithPacksLoaded);
        Assert.Equal([0, 1, 1], folders.Select(OpenPackFiles));
    }

    [Fact]
    public void A_pack_that_came_into_a_held_folder_stays_loaded_too()
    {
        using var cache = Cache(packsLoadedFor: 2);
        var folder = cache.NewFolder();
        var first = AddPack(folder, "first");
        Read(folder, first, "first");

        var second = AddPack(folder, "second");
        Read(folder, second, "second");

        Assert.Equal(2, OpenPackFiles(folder));
    }

    [Fact]
    public void A_folder_let_go_of_closes_its_packs()
    {
        using var cache = Cache(packsLoadedFor: 2);
        var folder = cache.NewFolder();
        var id = AddPack(folder, "kept");
        using (cache.Install("katas/Ab/Cd/Ef/", folder, new RepositoryState { Log = "log.000001", Position = 1, Refs = RepositoryRefs.Empty }))
            Read(folder, id, "kept");
        Assert.Equal(1, OpenPackFiles(folder));

        cache.Forget("katas/Ab/Cd/Ef/");

        Assert.Equal(0, cache.RepositoriesWithPacksLoaded);
        Assert.Equal(0, OpenPackFiles(folder));
        Assert.False(Directory.Exists(folder.GitDirectory));
    }

    [Fact]
    public void None_are_held_when_the_cache_is_told_to_hold_none()
    {
        using var cache = Cache(packsLoadedFor: 0);
        var folder = cache.NewFolder();
        var id = AddPack(folder, "read");

        Read(folder, id, "read");

        Assert.Equal(0, cache.RepositoriesWithPacksLoaded);
        Assert.Equal(0, OpenPackFiles(folder));
    }
}
