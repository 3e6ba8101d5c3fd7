using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Saver.Storage.Blobs;
using Saver.Storage.Groups;
using Saver.Storage.Ids;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

// A dashboard polling group_joined: an instance that read a group before asks whether its
// members changed at once with their events, and still sees what other instances did.
public abstract partial class GroupApiTests
{
    [Fact]
    public async Task A_dashboard_polling_a_group_sees_joins_and_saves_made_through_another_instance()
    {
        var id = await CreateGroupAsync();
        var first = (await JoinAsync(id, 1))!;
        var second = (await JoinAsync(id, 2))!;
        Assert.Equal(["1", "2"], (await Api.ReadAsync("group_joined", new JsonObject { ["id"] = id }))!.AsObject().Select(p => p.Key));

        await using (var other = StartApp())
        {
            var third = (await other.Client.WriteAsync("group_join", new JsonObject { ["id"] = id, ["indexes"] = new JsonArray(3) }))!.GetValue<string>();
            await other.Client.WriteAsync("kata_ran_tests", RanTests(first, TennisFiles(), "red", LaptopA, 1));

            var joined = (await Api.ReadAsync("group_joined", new JsonObject { ["id"] = id }))!.AsObject();
            Assert.Equal(["1", "2", "3"], joined.Select(p => p.Key));
            Assert.Equal([first, second, third], joined.Select(p => p.Value!["id"]!.GetValue<string>()));
            foreach (var (_, member) in joined)
                AssertSameJson(await other.Client.ReadAsync("kata_events", new JsonObject { ["id"] = member!["id"]!.DeepClone() }), member["events"]);
            Assert.Equal(2, joined["1"]!["events"]!.AsArray().Count);
        }
    }

    [Fact]
    public async Task A_warm_dashboard_asks_whether_its_group_changed_and_for_its_members_events_in_one_round_trip()
    {
        var id = await CreateGroupAsync();
        var members = new List<string>();
        for (var index = 0; index < 3; index++) members.Add((await JoinAsync(id, index))!);
        var gate = new RoundTripGate();
        await using var dashboard = StartApp(inner => gate.Over(inner));
        var cold = await dashboard.Client.ReadAsync("group_joined", new JsonObject { ["id"] = id });

        // Every call must be in flight before any is answered: katas.txt's properties, and one
        // freshness check per member. A second round trip would wait for the first for ever.
        gate.Expect(1 + members.Count);
        var warm = await dashboard.Client.ReadAsync("group_joined", new JsonObject { ["id"] = id });

        AssertSameJson(cold, warm);
        var calls = gate.Calls;
        Assert.Equal(1 + members.Count, calls.Count);
        Assert.Single(calls, c => c == $"properties {GroupLayout.KatasBlobName(EntityId.Parse(id))}");
        Assert.DoesNotContain(calls, c => c.StartsWith("get ", StringComparison.Ordinal));
    }

    /// <summary>
    /// Holds the reads it is told to expect until all of them are in flight, and fails them if
    /// they never all are: what one round trip asks, it asks at once.
    /// </summary>
    private sealed class RoundTripGate
    {
        private readonly ConcurrentQueue<string> _calls = new();
        private TaskCompletionSource? _allIn;
        private int _expected;
        private int _arrived;

        public IReadOnlyList<string> Calls => [.. _calls];

        public IBlobStore Over(IBlobStore inner) => new Store(inner, this);

        public void Expect(int calls)
        {
            _calls.Clear();
            _arrived = 0;
            _expected = calls;
            _allIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        private async Task ArriveAsync(string call)
        {
            if (_allIn is not { } allIn) return;
            _calls.Enqueue(call);
            if (Interlocked.Increment(ref _arrived) == _expected) allIn.TrySetResult();
            await allIn.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }

        private sealed class Store(IBlobStore inner, RoundTripGate gate) : DelegatingBlobStore(inner)
        {
            public override async Task<BlobDownload?> GetAsync(string name, ETag? ifNoneMatch = null, CancellationToken cancellationToken = default)
            {
                await gate.ArriveAsync($"get {name}");
                return await base.GetAsync(name, ifNoneMatch, cancellationToken);
            }

            public override async Task<BlobProperties?> GetPropertiesAsync(string name, CancellationToken cancellationToken = default)
            {
                await gate.ArriveAsync($"properties {name}");
                return await base.GetPropertiesAsync(name, cancellationToken);
            }

            public override async Task<BlobRange?> GetRangeAsync(string name, long offset, CancellationToken cancellationToken = default)
            {
                await gate.ArriveAsync($"range {name}");
                return await base.GetRangeAsync(name, offset, cancellationToken);
            }
        }
    }
}
