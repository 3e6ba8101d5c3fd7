using Microsoft.Extensions.Logging.Abstractions;
using Saver.Storage.Blobs;
using Saver.Storage.Git;
using Saver.Storage.Ids;
using Saver.Storage.Katas;

namespace Saver.Tests.Infrastructure;

/// <summary>A kata's repository as the store holds it, read the way a fresh instance reads it.</summary>
public static class StoredRepository
{
    /// <summary>
    /// Writes the kata's repository, as a fresh instance loads it from the store, into
    /// <paramref name="folder"/> as a clone (its git directory is returned), for the git command line.
    /// </summary>
    public static async Task<string> UnpackAsync(IBlobStore blobs, string id, string folder)
    {
        using var cache = new TempDirectory("repository-cache");
        using var repositories = new RepositoryCache(cache.Path, 1L << 30, NullLogger.Instance);
        var store = new RepositoryStore(blobs, repositories, new GitRepositoryOptions(), TimeProvider.System, NullLogger<RepositoryStore>.Instance);
        var kata = EntityId.Parse(id);
        using var snapshot = await store.OpenAsync(KataLayout.RepositoryName(kata));
        Assert.NotNull(snapshot);
        RepositoryClone.Write(snapshot, folder, KataGit.UserFor(kata));
        return Path.Combine(folder, ".git");
    }

    /// <summary>
    /// The kata's repository blobs, each with its ETag, its logs too wherever it keeps them (a
    /// group member's are under its group): changes with every stored write, and only then.
    /// </summary>
    public static async Task<string> VersionAsync(IBlobStore blobs, string id)
    {
        var prefix = KataLayout.Prefix(EntityId.Parse(id));
        var blobsOfRepository = await blobs.ListAsync(prefix).Where(b => KataLayout.IsRepositoryBlob(b.Name[prefix.Length..])).ToListAsync();
        Assert.NotEmpty(blobsOfRepository);
        var layout = new RepositoryLayout(KataLayout.RepositoryName(EntityId.Parse(id)));
        if (await blobs.GetAsync(layout.Head) is { } head && layout.LogFolder(HeadPointer.Decode(head.Content.Span).Log) is var logs && logs != layout.Prefix)
            blobsOfRepository.AddRange(await blobs.ListAsync(logs).ToListAsync());
        return string.Join("\n", blobsOfRepository.Select(b => $"{b.Name} {b.ETag} {b.Length}"));
    }

    /// <summary>The head pointer's blob of a kata's repository: there once the repository is (in the log form).</summary>
    public static string HeadOf(EntityId id) => new RepositoryLayout(KataLayout.RepositoryName(id)).Head;

    /// <summary>The kata's repository's current log.</summary>
    public static async Task<string> LogNameAsync(IBlobStore blobs, string id)
    {
        var layout = new RepositoryLayout(KataLayout.RepositoryName(EntityId.Parse(id)));
        var head = await blobs.GetAsync(layout.Head);
        Assert.NotNull(head);
        return layout.Log(HeadPointer.Decode(head.Content.Span).Log);
    }
}
