using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Saver.Storage.Blobs;
using Saver.Storage.Externals;
using Saver.Storage.Forks;
using Saver.Storage.Git;
using Saver.Storage.Groups;
using Saver.Storage.Ids;
using Saver.Storage.Katas;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Groups;

/// <summary>A join without indexes tries the avatars in the order the injected random source shuffles them.</summary>
public sealed class DefaultJoinOrderTests : IDisposable
{
    private readonly TempDirectory _cache = new("cache");
    private readonly InMemoryBlobStore _blobs = new();
    private readonly RepositoryCache _snapshots;

    public DefaultJoinOrderTests() => _snapshots = new RepositoryCache(_cache.Path, 1L << 30, NullLogger.Instance);

    public void Dispose()
    {
        _snapshots.Dispose();
        _cache.Dispose();
    }

    private GroupService GroupsShuffledBy(IRandomSource shuffle)
    {
        var repositories = new RepositoryStore(_blobs, _snapshots, new GitRepositoryOptions(), TimeProvider.System,
            NullLogger<RepositoryStore>.Instance);
        var ids = new IdGenerator(_blobs, new SystemRandomSource());
        var forks = new ForkIndex(_blobs, NullLogger<ForkIndex>.Instance);
        var katas = new KataService(new Format2Katas(repositories, _blobs, TimeProvider.System), _blobs, ids, TimeProvider.System, forks);
        var store = new GroupStore(_blobs, new SystemRandomSource(), TimeProvider.System, NullLogger<GroupStore>.Instance);
        return new GroupService(store, katas, ids, shuffle, TimeProvider.System, forks, NullLogger<GroupService>.Instance);
    }

    /// <summary>The avatar of the group's latest member.</summary>
    private async Task<int> LatestIndexAsync(string groupId)
    {
        var members = await new GroupStore(_blobs, new SystemRandomSource(), TimeProvider.System, NullLogger<GroupStore>.Instance)
            .ReadMembersAsync(EntityId.Parse(groupId), 2, CancellationToken.None);
        return members[^1].Index;
    }

    [Fact]
    public async Task A_source_that_never_swaps_gives_avatars_in_order()
    {
        var groups = GroupsShuffledBy(new Scripted(n => n - 1));
        var id = (await groups.CreateAsync(Infrastructure.Katas.TennisManifest()))!;
        var taken = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull(await groups.JoinAsync(id, indexes: null));
            taken.Add(await LatestIndexAsync(id));
        }
        Assert.Equal([0, 1, 2], taken);
    }

    [Fact]
    public async Task A_source_that_always_swaps_with_the_first_gives_the_fisher_yates_order()
    {
        // Fisher–Yates with j = 0 at every step moves each last element to the front in turn:
        // the order starts 1, 2, 3, ….
        var groups = GroupsShuffledBy(new Scripted(_ => 0));
        var id = (await groups.CreateAsync(Infrastructure.Katas.TennisManifest()))!;
        Assert.NotNull(await groups.JoinAsync(id, indexes: null));
        Assert.Equal(1, await LatestIndexAsync(id));
        Assert.NotNull(await groups.JoinAsync(id, indexes: null));
        Assert.Equal(2, await LatestIndexAsync(id));
    }

    private sealed class Scripted(Func<int, int> next) : IRandomSource
    {
        public int Next(int maxExclusive) => next(maxExclusive);
    }
}
