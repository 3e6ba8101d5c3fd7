using System.Text;
using LibGit2Sharp;
using Microsoft.Extensions.Logging.Abstractions;
using Saver.Storage.Blobs;
using Saver.Storage.Git;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Git;

/// <summary>
/// Repositories kept one per blob, read through a local copy that is reused while the blob's
/// ETag is unchanged, and changed under the blob's lease so that writers in any number of
/// instances never lose one another's commits.
/// </summary>
public sealed class GitRepositoryStoreTests : IDisposable
{
    private const string Blob = "katas/Ab/Cd/Ef/repository.tar";
    private static readonly Signature Author = new("AbCdEf", "AbCdEf@cyber-dojo.org", DateTimeOffset.UnixEpoch);
    private readonly TempDirectory _temp = new("repos");

    public void Dispose() => _temp.Dispose();

    /// <summary>A store with a cache of its own, as each function instance has.</summary>
    private GitRepositoryStore Instance(IBlobStore blobs) =>
        new(blobs, new RepositorySnapshotCache(Path.Combine(_temp.Path, Guid.NewGuid().ToString("N")), 16, NullLogger.Instance),
            new GitRepositoryOptions(), TimeProvider.System, NullLogger<GitRepositoryStore>.Instance);

    private static Commit CommitOnMain(Repository repo, string message)
    {
        var parent = repo.Refs["refs/heads/main"] is DirectReference { Target: Commit c } ? c : null;
        var definition = parent is null ? new TreeDefinition() : TreeDefinition.From(parent.Tree);
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(message));
        definition.Add("log/" + message, repo.ObjectDatabase.CreateBlob(content), Mode.NonExecutableFile);
        var commit = repo.ObjectDatabase.CreateCommit(Author, Author, message + "\n", repo.ObjectDatabase.CreateTree(definition),
            parent is null ? [] : [parent], prettifyMessage: false);
        repo.Refs.Add("refs/heads/main", commit.Id, allowOverwrite: true);
        return commit;
    }

    private static List<string> MessagesOnMain(RepositorySnapshot snapshot)
    {
        using var repo = snapshot.Open();
        return repo.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = "refs/heads/main" })
            .Select(c => c.MessageShort).ToList();
    }

    [Fact]
    public async Task An_unchanged_blob_is_read_from_the_same_local_copy_and_a_changed_one_from_a_new_copy()
    {
        var blobs = new InMemoryBlobStore();
        var reader = Instance(blobs);
        Assert.True(await reader.CreateAsync(Blob, null, repo => CommitOnMain(repo, "0")));

        string first;
        using (var s = await reader.OpenAsync(Blob)) first = s!.GitDirectory;
        using (var s = await reader.OpenAsync(Blob)) Assert.Equal(first, s!.GitDirectory);

        await Instance(blobs).UpdateAsync(Blob, repo => RepositoryChange<bool>.Stored(CommitOnMain(repo, "1") is not null));

        using var changed = await reader.OpenAsync(Blob);
        Assert.NotEqual(first, changed!.GitDirectory);
        Assert.Equal(["1", "0"], MessagesOnMain(changed));
        Assert.False(Directory.Exists(first), "the superseded copy is deleted once nobody reads it");
    }

    [Fact]
    public async Task A_reader_keeps_its_snapshot_while_a_writer_moves_on()
    {
        var blobs = new InMemoryBlobStore();
        var store = Instance(blobs);
        await store.CreateAsync(Blob, null, repo => CommitOnMain(repo, "0"));
        using var old = await store.OpenAsync(Blob);
        await store.UpdateAsync(Blob, repo => RepositoryChange<bool>.Stored(CommitOnMain(repo, "1") is not null));
        Assert.Equal(["0"], MessagesOnMain(old!));
        using var now = await store.OpenAsync(Blob);
        Assert.Equal(["1", "0"], MessagesOnMain(now!));
    }

    [Fact]
    public async Task Creating_an_existing_repository_is_refused_and_changes_nothing()
    {
        var blobs = new InMemoryBlobStore();
        Assert.True(await Instance(blobs).CreateAsync(Blob, null, repo => CommitOnMain(repo, "first")));
        Assert.False(await Instance(blobs).CreateAsync(Blob, null, repo => CommitOnMain(repo, "second")));
        using var s = await Instance(blobs).OpenAsync(Blob);
        Assert.Equal(["first"], MessagesOnMain(s!));
    }

    [Fact]
    public async Task A_change_that_changes_nothing_stores_nothing()
    {
        var blobs = new InMemoryBlobStore();
        var store = Instance(blobs);
        await store.CreateAsync(Blob, null, repo => CommitOnMain(repo, "0"));
        var before = (await blobs.GetPropertiesAsync(Blob))!.ETag;
        Assert.Equal(42, await store.UpdateAsync(Blob, _ => RepositoryChange<int>.Unchanged(42)));
        Assert.Equal(before, (await blobs.GetPropertiesAsync(Blob))!.ETag);
        Assert.Equal(LeaseState.Available, (await blobs.GetPropertiesAsync(Blob))!.LeaseState);
    }

    [Fact]
    public async Task Changing_a_missing_repository_is_blob_not_found()
    {
        var e = await Assert.ThrowsAsync<BlobNotFoundException>(() =>
            Instance(new InMemoryBlobStore()).UpdateAsync(Blob, _ => RepositoryChange<bool>.Unchanged(true)));
        Assert.Equal(404, e.Status);
    }

    [Fact]
    public async Task Writers_in_many_instances_at_once_never_lose_a_commit()
    {
        var blobs = new LocalDirectoryBlobStore(Path.Combine(_temp.Path, "store"));
        var instances = Enumerable.Range(0, 3).Select(_ => Instance(blobs)).ToArray();
        await instances[0].CreateAsync(Blob, null, repo => CommitOnMain(repo, "root"));

        const int writes = 24;
        await Task.WhenAll(Enumerable.Range(0, writes).Select(i => Task.Run(() =>
            instances[i % instances.Length].UpdateAsync(Blob, repo => RepositoryChange<bool>.Stored(CommitOnMain(repo, "w" + i) is not null)))));

        using var s = await Instance(blobs).OpenAsync(Blob);
        var messages = MessagesOnMain(s!);
        Assert.Equal(writes + 1, messages.Count);
        Assert.Equal(Enumerable.Range(0, writes).Select(i => "w" + i).Order(), messages.Where(m => m != "root").Order());
        GitCli.Run(s!.GitDirectory, "--git-dir", s.GitDirectory, "fsck", "--strict", "--no-dangling");
    }
}
