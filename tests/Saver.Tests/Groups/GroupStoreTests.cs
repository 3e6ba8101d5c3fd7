using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Saver.Storage.Blobs;
using Saver.Storage.Externals;
using Saver.Storage.Groups;
using Saver.Storage.Ids;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Groups;

/// <summary>katas.txt appends and avatar claims, beneath the API, where races can be forced.</summary>
public class GroupStoreTests
{
    private static readonly EntityId Group = EntityId.Parse("U8Tt6y");

    private static GroupStore StoreOn(IBlobStore blobs) =>
        new(blobs, new SystemRandomSource(), TimeProvider.System, NullLogger<GroupStore>.Instance);

    private static async Task<string> KatasTxtAsync(IBlobStore blobs) =>
        Encoding.UTF8.GetString((await blobs.GetAsync(GroupLayout.KatasBlobName(Group)))!.Content.Span);

    [Fact]
    public async Task Concurrent_appends_each_add_their_line_once()
    {
        var blobs = new InMemoryBlobStore();
        var store = StoreOn(blobs);
        var members = Enumerable.Range(0, 64).Select(i => new GroupMember(EntityId.Alphabet[i % 58] + "Kata" + (i < 58 ? "A" : "B"), i)).ToList();

        await Task.WhenAll(members.Select(m => Task.Run(() => store.AppendMemberAsync(Group, m, CancellationToken.None))));

        var listed = KatasFile.Parse(await KatasTxtAsync(blobs));
        Assert.Equal(64, listed.Count);
        Assert.Equal(members.OrderBy(m => m.Index), listed.OrderBy(m => m.Index));
    }

    [Fact]
    public async Task An_append_whose_line_is_already_there_changes_nothing()
    {
        // A put that succeeded though its answer was lost is retried; the line must not appear twice.
        var blobs = new InMemoryBlobStore();
        var store = StoreOn(blobs);
        await store.AppendMemberAsync(Group, new GroupMember("BmDZfs", 0), CancellationToken.None);
        var before = await blobs.GetPropertiesAsync(GroupLayout.KatasBlobName(Group));

        await store.AppendMemberAsync(Group, new GroupMember("BmDZfs", 0), CancellationToken.None);

        Assert.Equal("BmDZfs 0\n", await KatasTxtAsync(blobs));
        Assert.Equal(before!.ETag, (await blobs.GetPropertiesAsync(GroupLayout.KatasBlobName(Group)))!.ETag);
    }

    [Fact]
    public async Task An_append_that_keeps_losing_the_race_gives_up_with_a_clear_error()
    {
        var blobs = new FaultyBlobStore(new InMemoryBlobStore())
        {
            BeforePut = _ => new BlobConditionFailedException(412, BlobErrorCode.ConditionNotMet, "someone else wrote first"),
        };
        var store = new GroupStore(blobs, new FirstChoice(), TimeProvider.System, NullLogger<GroupStore>.Instance);

        var e = await Assert.ThrowsAsync<Saver.Storage.SaverException>(() =>
            store.AppendMemberAsync(Group, new GroupMember("BmDZfs", 0), CancellationToken.None));
        Assert.Equal($"group U8Tt6y: katas.txt kept changing; BmDZfs 0 was not added after {GroupStore.MaxAppendAttempts} attempts", e.Message);
    }

    [Fact]
    public async Task Each_avatar_is_claimed_by_exactly_one_of_many_claimants()
    {
        var blobs = new InMemoryBlobStore();
        var store = StoreOn(blobs);
        var wins = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => store.TryClaimAsync(Group, 7, CancellationToken.None))));
        Assert.Single(wins, won => won);

        await store.ReleaseClaimAsync(Group, 7, CancellationToken.None);
        Assert.True(await store.TryClaimAsync(Group, 7, CancellationToken.None));
    }

    /// <summary>A random source that always picks the smallest value, so waits stay short.</summary>
    private sealed class FirstChoice : IRandomSource
    {
        public int Next(int maxExclusive) => 0;
    }

    [Fact]
    public async Task A_groups_manifest_and_members_are_asked_for_at_once()
    {
        var blobs = new InMemoryBlobStore();
        var store = StoreOn(blobs);
        Assert.True(await store.TryCreateAsync(Group, new System.Text.Json.Nodes.JsonObject { ["id"] = Group.Value, ["version"] = 2 }, CancellationToken.None));
        await store.AppendMemberAsync(Group, new GroupMember("5U2J18", 7), CancellationToken.None);
        var slow = new SlowStore(blobs, TimeSpan.FromMilliseconds(50));

        var members = await StoreOn(slow).ReadMembersAsync(Group, CancellationToken.None);

        Assert.Equal([new GroupMember("5U2J18", 7)], members);
        Assert.Equal(2, slow.Calls.Count);
        Assert.True(slow.Calls.All(c => c.Started < slow.Calls.Min(x => x.Ended)), "both asked for before either answered: one round trip");
        Assert.Null(await StoreOn(slow).ReadMembersAsync(EntityId.Parse("Tt6yU8"), CancellationToken.None));
    }

    /// <summary>Every read takes a while, as a round trip does, and is noted with when it started and ended.</summary>
    private sealed class SlowStore(IBlobStore inner, TimeSpan latency) : DelegatingBlobStore(inner)
    {
        public System.Collections.Concurrent.ConcurrentQueue<(string Name, long Started, long Ended)> Calls { get; } = new();

        public override async Task<BlobDownload?> GetAsync(string name, ETag? ifNoneMatch = null, CancellationToken cancellationToken = default)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await Task.Delay(latency, cancellationToken);
            var result = await base.GetAsync(name, ifNoneMatch, cancellationToken);
            Calls.Enqueue((name, started, System.Diagnostics.Stopwatch.GetTimestamp()));
            return result;
        }

        public override Task<BlobPage> ListPageAsync(string prefix, string? continuationToken = null, int pageSizeHint = 5000,
            CancellationToken cancellationToken = default)
        {
            Calls.Enqueue(("list " + prefix, 0, 0));
            return base.ListPageAsync(prefix, continuationToken, pageSizeHint, cancellationToken);
        }
    }
}
