using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Saver.Storage.Blobs;
using Saver.Storage.Git;
using Saver.Storage.Groups;
using Saver.Storage.Ids;
using Saver.Storage.Katas;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

// A dashboard polling group_joined: an instance that read a group before asks whether its
// members changed, all at once, and still sees what other instances did.
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
    public async Task A_warm_dashboard_asks_whether_its_group_changed_and_which_members_did_in_one_round_trip_of_two_calls()
    {
        var (id, members) = await GroupOfThreeAsync();
        var gate = new RoundTripGate();
        await using var dashboard = StartApp(inner => gate.Over(inner));
        var cold = await dashboard.Client.ReadAsync("group_joined", new JsonObject { ["id"] = id });

        // Both calls must be in flight before either is answered: katas.txt's properties, and
        // one listing of the folder where the members keep their logs. A second round trip
        // would wait for the first for ever.
        gate.Expect(2);
        var warm = await dashboard.Client.ReadAsync("group_joined", new JsonObject { ["id"] = id });

        AssertSameJson(cold, warm);
        Assert.Equal(TheTwoCalls(EntityId.Parse(id)), gate.Calls.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_warm_dashboard_reads_only_what_was_added_to_the_members_that_changed()
    {
        var (id, members) = await GroupOfThreeAsync();
        var gate = new RoundTripGate();
        await using var dashboard = StartApp(inner => gate.Over(inner));
        await dashboard.Client.ReadAsync("group_joined", new JsonObject { ["id"] = id });
        await Api.WriteAsync("kata_ran_tests", RanTests(members[1], TennisFiles(), "red", LaptopA, 1));

        gate.Record();
        var joined = (await dashboard.Client.ReadAsync("group_joined", new JsonObject { ["id"] = id }))!.AsObject();

        Assert.Equal(2, joined["1"]!["events"]!.AsArray().Count);
        AssertSameJson(await Api.ReadAsync("group_joined", new JsonObject { ["id"] = id }), joined);
        var group = EntityId.Parse(id);
        Assert.Equal([.. TheTwoCalls(group), $"range {KataLayout.MemberLogsPrefix(group)}{members[1]}/{RepositoryLayout.FirstLog}"],
            gate.Calls.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_warm_dashboard_of_members_that_keep_their_logs_under_their_katas_asks_each_at_once_after_one_poll_found_none_listed()
    {
        var (id, members) = await GroupOfThreeAsync();
        foreach (var member in members) await KeepLogsUnderTheKataAsync(App.Blobs, EntityId.Parse(id), EntityId.Parse(member));
        var gate = new RoundTripGate();
        await using var dashboard = StartApp(inner => gate.Over(inner));
        var cold = await dashboard.Client.ReadAsync("group_joined", new JsonObject { ["id"] = id });
        gate.Record();
        AssertSameJson(cold, await dashboard.Client.ReadAsync("group_joined", new JsonObject { ["id"] = id }));
        Assert.Contains($"list {KataLayout.MemberLogsPrefix(EntityId.Parse(id))}", gate.Calls);

        gate.Expect(1 + members.Count);
        var warm = await dashboard.Client.ReadAsync("group_joined", new JsonObject { ["id"] = id });

        AssertSameJson(cold, warm);
        var calls = gate.Calls;
        Assert.Equal(1 + members.Count, calls.Count);
        Assert.Single(calls, c => c == $"properties {GroupLayout.KatasBlobName(EntityId.Parse(id))}");
        foreach (var member in members)
            Assert.Contains($"properties {KataLayout.Prefix(EntityId.Parse(member))}repository/{RepositoryLayout.FirstLog}", calls);
    }

    private async Task<(string Id, List<string> Members)> GroupOfThreeAsync()
    {
        var id = await CreateGroupAsync();
        var members = new List<string>();
        for (var index = 0; index < 3; index++) members.Add((await JoinAsync(id, index))!);
        return (id, members);
    }

    /// <summary>What a warm poll asks when nothing changed, in ordinal order: the listing of the members' logs, and katas.txt's properties.</summary>
    private static string[] TheTwoCalls(EntityId group) =>
        [$"list {KataLayout.MemberLogsPrefix(group)}", $"properties {GroupLayout.KatasBlobName(group)}"];

    /// <summary>A member as versions before logs were kept under the group left it: its first log under its kata, named so by its head.</summary>
    private static async Task KeepLogsUnderTheKataAsync(IBlobStore blobs, EntityId group, EntityId kata)
    {
        var layout = new RepositoryLayout(KataLayout.RepositoryName(kata));
        var kept = KataLayout.MemberLogsPrefix(group) + kata.Value + "/" + RepositoryLayout.FirstLog;
        var log = (await blobs.GetAsync(kept))!;
        await blobs.CreateAppendBlobAsync(layout.Log(RepositoryLayout.FirstLog));
        await blobs.AppendAsync(layout.Log(RepositoryLayout.FirstLog), log.Content);
        await blobs.PutAsync(layout.Head, HeadPointer.For(RepositoryLayout.FirstLog, []).Encode());
        await blobs.DeleteAsync(kept);
    }

    /// <summary>
    /// Holds the reads it is told to expect until all of them are in flight, and fails them if
    /// they never all are: what one round trip asks, it asks at once.
    /// </summary>
    private sealed class RoundTripGate
    {
        private readonly ConcurrentQueue<string> _calls = new();
        private TaskCompletionSource? _allIn;
        private bool _recording;
        private int _expected;
        private int _arrived;

        public IReadOnlyList<string> Calls => [.. _calls];

        public IBlobStore Over(IBlobStore inner) => new ReadCallsBlobStore(inner, ArriveAsync);

        public void Expect(int calls)
        {
            _calls.Clear();
            _arrived = 0;
            _expected = calls;
            _recording = true;
            _allIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        /// <summary>Records the reads from here on, holding none back.</summary>
        public void Record()
        {
            _calls.Clear();
            _allIn = null;
            _recording = true;
        }

        private async Task ArriveAsync(string call)
        {
            if (!_recording) return;
            _calls.Enqueue(call);
            if (_allIn is not { } allIn) return;
            if (Interlocked.Increment(ref _arrived) == _expected) allIn.TrySetResult();
            await allIn.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
