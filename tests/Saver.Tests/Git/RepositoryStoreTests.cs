using System.Collections.Concurrent;
using System.Text;
using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using Microsoft.Extensions.Logging.Abstractions;
using Saver.Storage.Blobs;
using Saver.Storage.Git;
using Saver.Storage.Git.Log;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Git;

/// <summary>
/// Repositories kept as logs of packs: read by catching up on the log, written by a
/// compare-and-append under the log's lease, from any number of instances. Held to the same
/// behaviour on every store.
/// </summary>
public abstract class RepositoryStoreTests : IAsyncLifetime
{
    protected const string Name = "katas/Ab/Cd/Ef/";
    private static readonly Signature Author = new("AbCdEf", "AbCdEf@cyber-dojo.org", DateTimeOffset.UnixEpoch);
    private readonly TempDirectory _temp = new("repos");
    private readonly List<RepositoryCache> _caches = [];

    protected IBlobStore Blobs { get; private set; } = null!;

    protected abstract Task<IBlobStore> CreateStoreAsync(string folder);

    public async Task InitializeAsync() => Blobs = await CreateStoreAsync(Path.Combine(_temp.Path, "store"));

    public Task DisposeAsync()
    {
        foreach (var cache in _caches) cache.Dispose();
        _temp.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A store with a cache of its own, as each function instance has.</summary>
    protected RepositoryStore Instance(IBlobStore? blobs = null, GitRepositoryOptions? options = null, long cacheBytes = 1L << 30,
        ListLogger? logged = null)
    {
        var cache = new RepositoryCache(Path.Combine(_temp.Path, "cache-" + Guid.NewGuid().ToString("N")), cacheBytes, NullLogger.Instance);
        _caches.Add(cache);
        options ??= new GitRepositoryOptions();
        options.MaintainAfterWrites = false; // the tests run maintenance themselves, when they mean to
        var logger = logged is null
            ? NullLogger<RepositoryStore>.Instance
            : LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new ListLoggerProvider(logged))).CreateLogger<RepositoryStore>();
        return new RepositoryStore(blobs ?? Blobs, cache, options, TimeProvider.System, logger);
    }

    /// <summary>A commit on main adding (or changing) one file, log/&lt;message&gt; unless <paramref name="path"/> says, tagged with the message.</summary>
    protected static void CommitOnMain(RepositoryEdit edit, string message, string? content = null, string? path = null)
    {
        var repo = edit.Repository;
        var parent = edit.Main is null ? null : edit.Head;
        var definition = parent is null ? new TreeDefinition() : TreeDefinition.From(parent.Tree);
        using var blob = new MemoryStream(Encoding.UTF8.GetBytes(content ?? message));
        definition.Add(path ?? "log/" + message, repo.ObjectDatabase.CreateBlob(blob), Mode.NonExecutableFile);
        var commit = repo.ObjectDatabase.CreateCommit(Author, Author, message + "\n", repo.ObjectDatabase.CreateTree(definition),
            parent is null ? [] : [parent], prettifyMessage: false);
        edit.SetRef("refs/heads/main", commit.Id);
        edit.SetRef("refs/tags/" + message, commit.Id, overwrite: false);
    }

    protected static RepositoryChange<bool> Commit(RepositoryEdit edit, string message)
    {
        CommitOnMain(edit, message);
        return RepositoryChange<bool>.Stored(true);
    }

    protected static List<string> MessagesOnMain(RepositorySnapshot snapshot)
    {
        using var repo = snapshot.Open();
        return repo.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = snapshot.Refs.Main, SortBy = CommitSortStrategies.Topological })
            .Select(c => c.MessageShort).ToList();
    }

    protected async Task<List<string>> MessagesSeenByAFreshInstanceAsync()
    {
        using var snapshot = await Instance().OpenAsync(Name);
        Assert.NotNull(snapshot);
        return MessagesOnMain(snapshot);
    }

    [Fact]
    public async Task A_repository_is_created_once_and_read_back_by_any_instance()
    {
        Assert.True(await Instance().CreateAsync(Name, edit => CommitOnMain(edit, "first")));
        Assert.False(await Instance().CreateAsync(Name, edit => CommitOnMain(edit, "second")));

        Assert.Equal(["first"], await MessagesSeenByAFreshInstanceAsync());
        Assert.Null(await Instance().OpenAsync("katas/No/Su/ch/"));
    }

    [Fact]
    public async Task A_change_is_one_record_appended_to_the_log_and_changes_nothing_else()
    {
        var store = Instance();
        await store.CreateAsync(Name, edit => CommitOnMain(edit, "0"));
        var before = await Blobs.ListAsync(Name).ToListAsync();

        await store.UpdateAsync(Name, edit => Commit(edit, "1"));

        var after = await Blobs.ListAsync(Name).ToListAsync();
        Assert.Equal(before.Select(b => b.Name), after.Select(b => b.Name));
        var log = Name + "repository/" + RepositoryLayout.FirstLog;
        Assert.All(after.Where(b => b.Name != log), b => Assert.Equal(before.Single(x => x.Name == b.Name).ETag, b.ETag));
        Assert.True(after.Single(b => b.Name == log).Length > before.Single(b => b.Name == log).Length);
        Assert.Equal(["1", "0"], await MessagesSeenByAFreshInstanceAsync());
    }

    [Fact]
    public async Task A_change_that_changes_nothing_stores_nothing_and_frees_the_lease()
    {
        var store = Instance();
        await store.CreateAsync(Name, edit => CommitOnMain(edit, "0"));
        var before = await StoredRepository.VersionAsync(Blobs, "AbCdEf");

        Assert.Equal(42, await store.UpdateAsync(Name, _ => RepositoryChange<int>.Unchanged(42)));

        Assert.Equal(before, await StoredRepository.VersionAsync(Blobs, "AbCdEf"));
        await WaitForLeaseToBeFreeAsync();
    }

    [Fact]
    public async Task A_change_that_fails_stores_nothing_answers_its_own_failure_and_frees_the_lease_taken_meanwhile()
    {
        var store = Instance();
        await store.CreateAsync(Name, edit => CommitOnMain(edit, "0"));
        var before = await StoredRepository.VersionAsync(Blobs, "AbCdEf");

        // The lease is asked for while the change is built: this change fails once the lease is had.
        var log = Name + "repository/" + RepositoryLayout.FirstLog;
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store.UpdateAsync<bool>(Name, edit =>
        {
            CommitOnMain(edit, "1");
            Assert.True(SpinWait.SpinUntil(() => Blobs.GetPropertiesAsync(log).GetAwaiter().GetResult()!.LeaseState == LeaseState.Leased,
                TimeSpan.FromSeconds(10)), "the lease was not taken while the change was built");
            throw new InvalidOperationException("the change failed");
        }));

        Assert.Equal("the change failed", e.Message);
        Assert.Equal(before, await StoredRepository.VersionAsync(Blobs, "AbCdEf"));
        await WaitForLeaseToBeFreeAsync();
        await store.UpdateAsync(Name, edit => Commit(edit, "2"));
        Assert.Equal(["2", "0"], await MessagesSeenByAFreshInstanceAsync());
    }

    [Fact]
    public async Task Changing_a_missing_repository_is_blob_not_found()
    {
        var e = await Assert.ThrowsAsync<BlobNotFoundException>(() => Instance().UpdateAsync(Name, _ => RepositoryChange<bool>.Unchanged(true)));
        Assert.Equal(404, e.Status);
    }

    [Fact]
    public async Task A_reader_keeps_its_state_while_writers_move_on_and_sees_theirs_on_its_next_read()
    {
        var store = Instance();
        await store.CreateAsync(Name, edit => CommitOnMain(edit, "0"));
        using var old = await store.OpenAsync(Name);

        await store.UpdateAsync(Name, edit => Commit(edit, "1"));
        await Instance().UpdateAsync(Name, edit => Commit(edit, "2"));

        Assert.Equal(["0"], MessagesOnMain(old!));
        using var now = await store.OpenAsync(Name);
        Assert.Equal(["2", "1", "0"], MessagesOnMain(now!));
        Assert.Equal(old!.GitDirectory, now!.GitDirectory);
    }

    [Fact]
    public async Task A_warm_write_is_three_store_calls_two_before_it_answers_and_a_warm_read_one()
    {
        var observed = new CallRecordingBlobStore(Blobs);
        var store = Instance(observed);
        await store.CreateAsync(Name, edit => CommitOnMain(edit, "0"));
        await store.UpdateAsync(Name, edit => Commit(edit, "1"));
        await WaitForLeaseToBeFreeAsync();

        // The release held back until the write has answered: the write must not wait for it,
        // and whether a free pool thread runs it before the caller looks does not matter.
        var answered = new TaskCompletionSource();
        observed.ReleasesWaitFor = answered.Task;
        observed.Calls.Clear();
        await store.UpdateAsync(Name, edit => Commit(edit, "2")).WaitAsync(TimeSpan.FromSeconds(10));
        var beforeAnswer = observed.Calls.ToArray();
        answered.SetResult();
        await WaitForLeaseToBeFreeAsync(observed, expectedCalls: 3);

        Assert.Equal(["AcquireLease", "Append"], beforeAnswer.Select(c => c.Operation));
        Assert.Equal(["AcquireLease", "Append", "ReleaseLease"], observed.Calls.Select(c => c.Operation));

        observed.Calls.Clear();
        using (await store.OpenAsync(Name)) { }
        Assert.Equal(["GetProperties"], observed.Calls.Select(c => c.Operation));
    }

    [Fact]
    public async Task The_cache_holds_no_more_than_its_bytes_and_lets_the_least_recently_used_go()
    {
        var names = Enumerable.Range(0, 6).Select(i => $"katas/Ab/Cd/E{i}/").ToList();
        var writer = Instance();
        foreach (var name in names) await writer.CreateAsync(name, edit => CommitOnMain(edit, "0", new string('x', 50_000) + name));
        var one = writer.Cache.Bytes / names.Count;
        var observed = new CallRecordingBlobStore(Blobs);
        var reader = Instance(observed, cacheBytes: 3 * one + one / 2);

        foreach (var name in names)
            using (await reader.OpenAsync(name)) Assert.True(reader.Cache.Bytes <= 3 * one + one / 2, $"{reader.Cache.Bytes} bytes held");
        Assert.Equal(3, reader.Cache.Count);
        // Held now: 3, 4, 5. Reading 3 again makes 4 the least recently used, so 0 pushes out 4.
        using (await reader.OpenAsync(names[3])) { }
        using (await reader.OpenAsync(names[0])) { }

        observed.Calls.Clear();
        using (var kept = await reader.OpenAsync(names[3])) Assert.Equal(["0"], MessagesOnMain(kept!));
        Assert.Equal(["GetProperties"], observed.Calls.Select(c => c.Operation));
        observed.Calls.Clear();
        using (await reader.OpenAsync(names[4])) { }
        Assert.Contains(observed.Calls, c => c.Operation == "Get" && c.Blob == names[4] + "repository/head");
        Assert.Equal(3, reader.Cache.Count);
        Assert.True(reader.Cache.Bytes <= 3 * one + one / 2, $"{reader.Cache.Bytes} bytes held");
    }

    [Fact]
    public async Task A_snapshot_in_use_keeps_its_folder_when_the_cache_lets_its_repository_go()
    {
        var writer = Instance();
        await writer.CreateAsync(Name, edit => CommitOnMain(edit, "0", new string('x', 50_000)));
        await writer.CreateAsync("katas/Ab/Cd/E1/", edit => CommitOnMain(edit, "0", new string('y', 50_000)));
        var reader = Instance(cacheBytes: writer.Cache.Bytes / 2 + 1);

        using var held = await reader.OpenAsync(Name);
        using (await reader.OpenAsync("katas/Ab/Cd/E1/")) { }

        Assert.Equal(1, reader.Cache.Count);
        Assert.True(Directory.Exists(held!.GitDirectory), "the folder of a snapshot still in use stays");
        Assert.Equal(["0"], MessagesOnMain(held));
    }

    [Fact]
    public async Task A_warm_reader_sees_anothers_write_with_one_small_call_and_one_ranged_read_of_what_it_lacks()
    {
        var writer = Instance();
        await writer.CreateAsync(Name, edit => CommitOnMain(edit, "0"));
        var observed = new CallRecordingBlobStore(Blobs);
        var reader = Instance(observed);
        using (await reader.OpenAsync(Name)) { }
        var log = Name + "repository/" + RepositoryLayout.FirstLog;
        var read = (await Blobs.GetPropertiesAsync(log))!.Length;
        await writer.UpdateAsync(Name, edit => Commit(edit, "1"));

        observed.Calls.Clear();
        using (var caughtUp = await reader.OpenAsync(Name)) Assert.Equal(["1", "0"], MessagesOnMain(caughtUp!));
        Assert.Equal(["GetProperties", "GetRange"], observed.Calls.Select(c => c.Operation));
        // From where this reader had read to (less the last record's check, compared to see the log did not go back).
        Assert.Equal(read - LogRecord.CheckLength, observed.Calls.Single(c => c.Operation == "GetRange").Offset);

        observed.Calls.Clear();
        using (var again = await reader.OpenAsync(Name)) Assert.Equal(["1", "0"], MessagesOnMain(again!));
        Assert.Equal(["GetProperties"], observed.Calls.Select(c => c.Operation));
    }

    [Fact]
    public async Task A_cold_instance_loads_a_repository_in_two_round_trips()
    {
        var writer = Instance(options: new GitRepositoryOptions { CompactAfterRecords = 4 });
        await writer.CreateAsync(Name, edit => CommitOnMain(edit, "0"));
        for (var i = 1; i <= 6; i++) await writer.UpdateAsync(Name, edit => Commit(edit, i.ToString()));
        await writer.CompactAsync(Name);
        await writer.UpdateAsync(Name, edit => Commit(edit, "7"));

        // Every call takes a while, as a round trip to Azure does, so calls made together overlap.
        var observed = new CallRecordingBlobStore(Blobs) { Latency = TimeSpan.FromMilliseconds(50) };
        using var snapshot = await Instance(observed).OpenAsync(Name);

        Assert.Equal(["7", "6", "5", "4", "3", "2", "1", "0"], MessagesOnMain(snapshot!));
        // The head, then the log and the base's packs, asked for together.
        var calls = observed.Calls.OrderBy(c => c.Started).ToList();
        Assert.Equal("Get " + Name + "repository/head", $"{calls[0].Operation} {calls[0].Blob}");
        Assert.All(calls.Skip(1), c => Assert.Equal("Get", c.Operation));
        Assert.Contains(calls, c => c.Blob.EndsWith("/log.000002", StringComparison.Ordinal));
        Assert.Contains(calls, c => c.Blob.Contains("/pack-", StringComparison.Ordinal));
        Assert.All(calls.Skip(1), c => Assert.True(c.Started >= calls[0].Ended, "the second round trip starts after the first"));
        Assert.True(calls.Skip(1).All(c => c.Started < calls.Skip(1).Min(x => x.Ended)), "the log and the packs are fetched at once");
    }

    [Fact]
    public async Task Writers_in_three_instances_at_once_lose_no_commit_and_duplicate_none()
    {
        var instances = Enumerable.Range(0, 3).Select(_ => Instance()).ToArray();
        await instances[0].CreateAsync(Name, edit => CommitOnMain(edit, "root"));

        const int writes = 30;
        await Task.WhenAll(Enumerable.Range(0, writes).Select(i => Task.Run(() =>
            instances[i % instances.Length].UpdateAsync(Name, edit => Commit(edit, "w" + i)))));

        var messages = await MessagesSeenByAFreshInstanceAsync();
        Assert.Equal(writes + 1, messages.Count);
        Assert.Equal(Enumerable.Range(0, writes).Select(i => "w" + i).Order(), messages.Where(m => m != "root").Order());
    }

    [Fact]
    public async Task A_writer_whose_cache_is_behind_catches_up_within_its_lease_and_writes_on_top()
    {
        var first = Instance();
        var second = Instance();
        await first.CreateAsync(Name, edit => CommitOnMain(edit, "0"));
        using (await second.OpenAsync(Name)) { }
        await first.UpdateAsync(Name, edit => Commit(edit, "1"));

        var runs = 0;
        await second.UpdateAsync(Name, edit =>
        {
            runs++;
            return Commit(edit, "2");
        });

        Assert.Equal(2, runs); // once on its stale state, refused by the store; once on the new one
        Assert.Equal(["2", "1", "0"], await MessagesSeenByAFreshInstanceAsync());
    }

    [Fact]
    public async Task Maintenance_packs_the_log_into_the_next_one_and_every_instance_follows()
    {
        var options = new GitRepositoryOptions { CompactAfterRecords = 4 };
        var writer = Instance(options: options);
        var reader = Instance(options: options);
        await writer.CreateAsync(Name, edit => CommitOnMain(edit, "0"));
        using (await reader.OpenAsync(Name)) { }
        for (var i = 1; i <= 5; i++) await writer.UpdateAsync(Name, edit => Commit(edit, i.ToString()));

        await writer.CompactAsync(Name);
        await writer.UpdateAsync(Name, edit => Commit(edit, "6"));

        var names = (await Blobs.ListAsync(Name + "repository/").ToListAsync()).Select(b => b.Name[(Name.Length + "repository/".Length)..]).ToList();
        Assert.Contains("log.000001", names);
        Assert.Contains("log.000002", names);
        Assert.Contains(names, n => n.StartsWith("pack-", StringComparison.Ordinal));
        using (var caughtUp = await reader.OpenAsync(Name)) Assert.Equal(["6", "5", "4", "3", "2", "1", "0"], MessagesOnMain(caughtUp!));
        await reader.UpdateAsync(Name, edit => Commit(edit, "7"));
        Assert.Equal(8, (await MessagesSeenByAFreshInstanceAsync()).Count);
    }

    [Fact]
    public async Task A_tail_whose_objects_pass_the_byte_bound_is_packed_however_few_its_records_and_any_instance_sees_it_due()
    {
        // Each write brings a new 100 KB version of one file, as a long kata's save brings events.json.
        var options = new GitRepositoryOptions { CompactAfterRecords = 1_000, CompactAfterTailBytes = 250_000 };
        var writer = Instance(options: options);
        static string Version(int i) => string.Concat(Enumerable.Range(0, 100_000 / 10).Select(line => $"{i:D3}{line:D6}\n"));
        await writer.CreateAsync(Name, edit => CommitOnMain(edit, "0", Version(0), "big"));
        static RepositoryChange<bool> CommitVersion(RepositoryEdit edit, string message, string content)
        {
            CommitOnMain(edit, message, content, "big");
            return RepositoryChange<bool>.Stored(true);
        }
        await writer.UpdateAsync(Name, edit => CommitVersion(edit, "1", Version(1)));

        // About 200 KB in the tail: neither the writer nor an instance that reads it afresh packs it.
        await writer.CompactAsync(Name);
        await Instance(options: options).CompactAsync(Name);
        Assert.Equal(["log.000001"], await LogsAsync());

        // About 300 KB after one more write, in three records. An instance that only read the log
        // (its state built by applying the records, not by writing them) finds it due as well.
        await writer.UpdateAsync(Name, edit => CommitVersion(edit, "2", Version(2)));
        await Instance(options: options).CompactAsync(Name);
        Assert.Equal(["log.000001", "log.000002"], await LogsAsync());
        Assert.Equal(["2", "1", "0"], await MessagesSeenByAFreshInstanceAsync());

        // The next log starts with an empty tail, in bytes as in records.
        await writer.UpdateAsync(Name, edit => CommitVersion(edit, "3", Version(3)));
        await writer.CompactAsync(Name);
        Assert.Equal(["log.000001", "log.000002"], await LogsAsync());
    }

    private async Task<List<string>> LogsAsync() =>
        (await Blobs.ListAsync(Name + "repository/log.").ToListAsync()).Select(b => b.Name[(Name + "repository/").Length..]).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task A_reader_holding_an_old_state_reads_it_while_maintenance_replaces_its_folder()
    {
        var store = Instance(options: new GitRepositoryOptions { CompactAfterRecords = 3 });
        await store.CreateAsync(Name, edit => CommitOnMain(edit, "0"));
        for (var i = 1; i <= 4; i++) await store.UpdateAsync(Name, edit => Commit(edit, i.ToString()));
        using var old = await store.OpenAsync(Name);

        await store.CompactAsync(Name);
        await store.UpdateAsync(Name, edit => Commit(edit, "5"));
        using (var now = await store.OpenAsync(Name)) Assert.NotEqual(old!.GitDirectory, now!.GitDirectory);

        Assert.Equal(["4", "3", "2", "1", "0"], MessagesOnMain(old!));
        Assert.True(Directory.Exists(old!.GitDirectory));
        using var repo = old.Open();
        Assert.Equal("0", repo.Lookup<Blob>(old.Tagged(repo, 0)!.Tree["log/0"].Target.Id).GetContentText());
    }

    [Fact]
    public async Task Two_instances_maintaining_one_repository_at_once_seal_it_once_and_lose_nothing()
    {
        var options = new GitRepositoryOptions { CompactAfterRecords = 3 };
        var first = Instance(options: options);
        var second = Instance(options: options);
        await first.CreateAsync(Name, edit => CommitOnMain(edit, "0"));
        for (var i = 1; i <= 6; i++) await (i % 2 == 0 ? first : second).UpdateAsync(Name, edit => Commit(edit, i.ToString()));

        await Task.WhenAll(first.CompactAsync(Name), second.CompactAsync(Name), first.UpdateAsync(Name, edit => Commit(edit, "7")));

        var logs = (await Blobs.ListAsync(Name + "repository/log.").ToListAsync()).Select(b => b.Name).ToList();
        Assert.Equal(2, logs.Count);
        Assert.Equal(8, (await MessagesSeenByAFreshInstanceAsync()).Count);
        await second.UpdateAsync(Name, edit => Commit(edit, "8"));
        Assert.Equal(9, (await MessagesSeenByAFreshInstanceAsync()).Count);
    }

    [Fact]
    public async Task Maintenance_that_another_instance_overtook_twice_stops_quietly_and_the_repository_is_as_the_other_left_it()
    {
        var options = new GitRepositoryOptions { CompactAfterRecords = 2 };
        var logged = new ListLogger();
        var hooked = new BeforeLeaseBlobStore(Blobs);
        var late = Instance(hooked, options, logged: logged);
        var other = Instance(options: options);
        await other.CreateAsync(Name, edit => CommitOnMain(edit, "0"));
        for (var i = 1; i <= 2; i++) await other.UpdateAsync(Name, edit => Commit(edit, i.ToString()));
        // While the late instance packed the first log, the other sealed it, then the next, and deleted the first.
        hooked.BeforeAcquire = async () =>
        {
            for (var round = 1; round <= 2; round++)
            {
                for (var i = 1; i <= 2; i++) await other.UpdateAsync(Name, edit => Commit(edit, $"{round}.{i}"));
                await other.CompactAsync(Name);
            }
        };

        await late.CompactAsync(Name);

        Assert.DoesNotContain(logged.Entries, entry => entry.Level >= LogLevel.Warning);
        var logs = (await Blobs.ListAsync(Name + "repository/log.").ToListAsync()).Select(b => b.Name[^10..]).ToList();
        Assert.Equal(["log.000002", "log.000003"], logs);
        await late.UpdateAsync(Name, edit => Commit(edit, "after"));
        Assert.Equal(["after", "2.2", "2.1", "1.2", "1.1", "2", "1", "0"], await MessagesSeenByAFreshInstanceAsync());
    }

    [Fact]
    public async Task A_stale_log_a_writer_far_behind_still_leases_is_left_for_the_next_maintenance_and_the_others_go_now()
    {
        var logged = new ListLogger();
        var store = Instance(options: new GitRepositoryOptions { CompactAfterRecords = 2 }, logged: logged);
        await store.CreateAsync(Name, edit => CommitOnMain(edit, "0"));
        async Task RoundAsync(int round)
        {
            for (var i = 1; i <= 2; i++) await store.UpdateAsync(Name, edit => Commit(edit, $"{round}.{i}"));
            await store.CompactAsync(Name);
        }
        async Task<List<string>> LogsAsync() =>
            (await Blobs.ListAsync(Name + "repository/log.").ToListAsync()).Select(b => b.Name[^10..]).ToList();
        await RoundAsync(1);
        var lagging = await Blobs.AcquireLeaseAsync(Name + "repository/log.000001", TimeSpan.FromSeconds(60));

        await RoundAsync(2);
        await RoundAsync(3);

        Assert.Equal(["log.000001", "log.000003", "log.000004"], await LogsAsync());
        Assert.DoesNotContain(logged.Entries, entry => entry.Level >= LogLevel.Warning);
        await Blobs.ReleaseLeaseAsync(Name + "repository/log.000001", lagging);
        await RoundAsync(4);
        Assert.Equal(["log.000004", "log.000005"], await LogsAsync());
        Assert.Equal(9, (await MessagesSeenByAFreshInstanceAsync()).Count);
    }

    /// <summary>
    /// An instance that read the repository at its first log, then maintenance three times
    /// while a writer far behind held log 1's lease: log 2 was made and deleted, log 1 is left.
    /// </summary>
    private async Task<RepositoryStore> BehindAStaleLogWhoseNextIsGoneAsync()
    {
        var store = Instance(options: new GitRepositoryOptions { CompactAfterRecords = 2 });
        await store.CreateAsync(Name, edit => CommitOnMain(edit, "0"));
        var behind = Instance();
        (await behind.OpenAsync(Name))!.Dispose();
        async Task RoundAsync(int round)
        {
            for (var i = 1; i <= 2; i++) await store.UpdateAsync(Name, edit => Commit(edit, $"{round}.{i}"));
            await store.CompactAsync(Name);
        }
        await RoundAsync(1);
        var lagging = await Blobs.AcquireLeaseAsync(Name + "repository/log.000001", TimeSpan.FromSeconds(60));
        await RoundAsync(2);
        await RoundAsync(3);
        await Blobs.ReleaseLeaseAsync(Name + "repository/log.000001", lagging);
        Assert.Null(await Blobs.GetPropertiesAsync(Name + "repository/log.000002"));
        Assert.NotNull(await Blobs.GetPropertiesAsync(Name + "repository/log.000001"));
        return behind;
    }

    [Fact]
    public async Task A_writer_whose_log_was_sealed_and_its_next_deleted_writes_on_the_newest_history_and_makes_nothing_again()
    {
        var behind = await BehindAStaleLogWhoseNextIsGoneAsync();

        await behind.UpdateAsync(Name, edit => Commit(edit, "late"));

        // Made again, log 2 would start a second history beside the one that went on to log 4.
        Assert.Null(await Blobs.GetPropertiesAsync(Name + "repository/log.000002"));
        Assert.Equal(["late", "3.2", "3.1", "2.2", "2.1", "1.2", "1.1", "0"], await MessagesSeenByAFreshInstanceAsync());
    }

    [Fact]
    public async Task A_reader_whose_log_was_sealed_and_its_next_deleted_reads_the_newest_history()
    {
        var behind = await BehindAStaleLogWhoseNextIsGoneAsync();

        using var snapshot = await behind.OpenAsync(Name);

        Assert.Equal(["3.2", "3.1", "2.2", "2.1", "1.2", "1.1", "0"], MessagesOnMain(snapshot!));
    }

    [Fact]
    public async Task A_head_left_naming_a_deleted_log_loads_the_newest_log_there()
    {
        await BehindAStaleLogWhoseNextIsGoneAsync();
        // As an earlier version could leave it, completing an old seal late.
        await Blobs.PutAsync(Name + "repository/head", HeadPointer.For("log.000002", []).Encode());

        Assert.Equal(["3.2", "3.1", "2.2", "2.1", "1.2", "1.1", "0"], await MessagesSeenByAFreshInstanceAsync());
    }

    [Fact]
    public async Task Maintenance_moves_a_head_written_over_by_mistake_on_to_its_next_log()
    {
        var store = Instance(options: new GitRepositoryOptions { CompactAfterRecords = 2 });
        await store.CreateAsync(Name, edit => CommitOnMain(edit, "0"));
        await Blobs.PutAsync(Name + "repository/head", "not a head"u8.ToArray());

        for (var i = 1; i <= 2; i++) await store.UpdateAsync(Name, edit => Commit(edit, i.ToString()));
        await store.CompactAsync(Name);

        Assert.Equal(["2", "1", "0"], await MessagesSeenByAFreshInstanceAsync());
    }

    [Fact]
    public async Task Logs_two_generations_back_and_the_packs_only_they_named_are_deleted()
    {
        var store = Instance(options: new GitRepositoryOptions { CompactAfterRecords = 2 });
        await store.CreateAsync(Name, edit => CommitOnMain(edit, "0"));
        for (var round = 1; round <= 3; round++)
        {
            for (var i = 0; i < 2; i++) await store.UpdateAsync(Name, edit => Commit(edit, $"{round}.{i}"));
            await store.CompactAsync(Name);
        }

        var logs = (await Blobs.ListAsync(Name + "repository/log.").ToListAsync()).Select(b => b.Name[^10..]).ToList();
        Assert.Equal(["log.000003", "log.000004"], logs);
        Assert.Equal(7, (await MessagesSeenByAFreshInstanceAsync()).Count);
    }

    private const string LogsElsewhere = "groups/Gh/Ij/Kl/logs/AbCdEf/";

    [Fact]
    public async Task Logs_kept_elsewhere_stay_there_through_maintenance_and_any_instance_finds_them_by_the_head()
    {
        var options = new GitRepositoryOptions { CompactAfterRecords = 2 };
        var store = Instance(options: options);
        Assert.True(await store.CreateAsync(Name, edit => CommitOnMain(edit, "0"), LogsElsewhere));
        Assert.Equal(LogsElsewhere + "log.000001", HeadPointer.Decode((await Blobs.GetAsync(Name + "repository/head"))!.Content.Span).Log);
        using (await Instance(options: options).OpenAsync(Name)) { }
        for (var round = 1; round <= 3; round++)
        {
            for (var i = 0; i < 2; i++) await store.UpdateAsync(Name, edit => Commit(edit, $"{round}.{i}"));
            await store.CompactAsync(Name);
        }

        Assert.Equal([LogsElsewhere + "log.000003", LogsElsewhere + "log.000004"], (await Blobs.ListAsync(LogsElsewhere).ToListAsync()).Select(b => b.Name));
        Assert.Empty(await LogsAsync());
        Assert.Contains(await Blobs.ListAsync(Name + "repository/pack-").ToListAsync(), _ => true);
        Assert.Equal(LogsElsewhere + "log.000004", HeadPointer.Decode((await Blobs.GetAsync(Name + "repository/head"))!.Content.Span).Log);
        Assert.Equal(7, (await MessagesSeenByAFreshInstanceAsync()).Count);
        await Instance(options: options).UpdateAsync(Name, edit => Commit(edit, "4"));
        Assert.Equal(8, (await MessagesSeenByAFreshInstanceAsync()).Count);

        // A head left naming a log that is gone: the newest log in the same folder says all.
        await Blobs.PutAsync(Name + "repository/head", HeadPointer.For(LogsElsewhere + "log.000002", []).Encode());
        Assert.Equal(8, (await MessagesSeenByAFreshInstanceAsync()).Count);
    }

    [Fact]
    public async Task A_repository_is_not_created_again_wherever_the_second_would_keep_its_logs_and_a_failed_creation_leaves_no_log()
    {
        Assert.True(await Instance().CreateAsync(Name, edit => CommitOnMain(edit, "first"), LogsElsewhere));
        Assert.False(await Instance().CreateAsync(Name, edit => CommitOnMain(edit, "second")));
        Assert.False(await Instance().CreateAsync(Name, edit => CommitOnMain(edit, "third"), "groups/Mn/Op/Qr/logs/AbCdEf/"));

        Assert.Equal(["first"], await MessagesSeenByAFreshInstanceAsync());
        Assert.Empty(await LogsAsync());
        Assert.Empty(await Blobs.ListAsync("groups/Mn/").ToListAsync());

        var failing = new FailingHeadPutBlobStore(Blobs);
        const string other = "katas/Ab/Cd/E2/";
        await Assert.ThrowsAsync<IOException>(() => Instance(failing).CreateAsync(other, edit => CommitOnMain(edit, "0"), "groups/Mn/Op/Qr/logs/AbCdE2/"));
        Assert.Empty(await Blobs.ListAsync("groups/Mn/").ToListAsync());
        Assert.Null(await Instance().OpenAsync(other));
    }

    [Fact]
    public async Task A_reader_given_its_log_as_a_listing_found_it_asks_nothing_more_when_it_is_unchanged_and_only_for_what_was_added_when_not()
    {
        var writer = Instance();
        await writer.CreateAsync(Name, edit => CommitOnMain(edit, "0"), LogsElsewhere);
        var recorded = new CallRecordingBlobStore(Blobs);
        var reader = Instance(recorded);
        using (await reader.OpenAsync(Name)) { }

        recorded.Calls.Clear();
        using (var unchanged = await reader.OpenAsync(Name, await LogListing.ReadAsync(Blobs, LogsElsewhere, default), default))
            Assert.Equal(["0"], MessagesOnMain(unchanged!));
        Assert.Empty(recorded.Calls);

        await writer.UpdateAsync(Name, edit => Commit(edit, "1"));
        var listing = await LogListing.ReadAsync(Blobs, LogsElsewhere, default);
        using (var changed = await reader.OpenAsync(Name, listing, default))
            Assert.Equal(["1", "0"], MessagesOnMain(changed!));
        Assert.Equal(["GetRange " + LogsElsewhere + "log.000001"], recorded.Calls.Select(c => c.Operation + " " + c.Blob));

        // A log the listing did not find is asked after as always.
        recorded.Calls.Clear();
        using (await reader.OpenAsync(Name, await LogListing.ReadAsync(Blobs, "groups/Mn/", default), default)) { }
        Assert.Equal(["GetProperties " + LogsElsewhere + "log.000001"], recorded.Calls.Select(c => c.Operation + " " + c.Blob));
    }

    /// <summary>Fails every put of a repository head, as a store that went away between a creation's calls.</summary>
    private sealed class FailingHeadPutBlobStore(IBlobStore inner) : DelegatingBlobStore(inner)
    {
        public override Task<ETag> PutAsync(string name, ReadOnlyMemory<byte> content, BlobConditions? conditions = null, CancellationToken cancellationToken = default) =>
            name.EndsWith("/repository/head", StringComparison.Ordinal)
                ? Task.FromException<ETag>(new IOException("storage went away"))
                : base.PutAsync(name, content, conditions, cancellationToken);
    }

    [Fact]
    public async Task A_change_too_large_for_one_append_goes_into_a_pack_blob_the_record_names()
    {
        var options = new GitRepositoryOptions { MaxInlinePackBytes = 2_000 };
        var store = Instance(options: options);
        await store.CreateAsync(Name, edit => CommitOnMain(edit, "0"));
        var big = string.Concat(Enumerable.Range(0, 4_000).Select(i => $"{i * 7919 % 10007:x} "));

        await store.UpdateAsync(Name, edit =>
        {
            CommitOnMain(edit, "1", big);
            return RepositoryChange<bool>.Stored(true);
        });

        Assert.Contains(await Blobs.ListAsync(Name + "repository/pack-").ToListAsync(), _ => true);
        using var snapshot = await Instance().OpenAsync(Name);
        using var repo = snapshot!.Open();
        Assert.Equal(big, repo.Lookup<Blob>(snapshot.Tagged(repo, 1)!.Tree["log/1"].Target.Id).GetContentText());
    }

    [Fact]
    public async Task A_store_that_went_back_is_not_written_over_and_reads_serve_what_it_holds()
    {
        var store = Instance();
        await store.CreateAsync(Name, edit => CommitOnMain(edit, "0"));
        await store.UpdateAsync(Name, edit => Commit(edit, "1"));
        var log = Name + "repository/" + RepositoryLayout.FirstLog;
        var backup = (await Blobs.GetAsync(log))!.Content.ToArray();
        await store.UpdateAsync(Name, edit => Commit(edit, "2"));
        await WaitForLeaseToBeFreeAsync();

        // Restored from the backup: event 2, acknowledged, is gone from the store.
        await Blobs.CreateAppendBlobAsync(log);
        await Blobs.AppendAsync(log, backup);

        using (var read = await store.OpenAsync(Name)) Assert.Equal(["1", "0"], MessagesOnMain(read!));
        var refused = await Assert.ThrowsAsync<RepositoryWentBackException>(() => store.UpdateAsync(Name, edit => Commit(edit, "3")));
        Assert.Contains("went back", refused.Message);
        Assert.Equal(["1", "0"], await MessagesSeenByAFreshInstanceAsync());
    }

    [Fact]
    public async Task A_log_rewritten_with_the_same_bytes_reads_as_it_was_and_stays_writable()
    {
        var observed = new CallRecordingBlobStore(Blobs);
        var store = Instance(observed);
        await store.CreateAsync(Name, edit => CommitOnMain(edit, "0"));
        await store.UpdateAsync(Name, edit => Commit(edit, "1"));
        await WaitForLeaseToBeFreeAsync();
        var log = Name + "repository/" + RepositoryLayout.FirstLog;
        var copy = (await Blobs.GetAsync(log))!.Content.ToArray();

        // Copied back as it was (a restore of an up-to-date backup): a new ETag, the same bytes.
        await Blobs.CreateAppendBlobAsync(log);
        await Blobs.AppendAsync(log, copy);

        observed.Calls.Clear();
        using (var read = await store.OpenAsync(Name)) Assert.Equal(["1", "0"], MessagesOnMain(read!));
        Assert.Equal(["GetProperties", "GetRange"], observed.Calls.Select(c => c.Operation));
        observed.Calls.Clear();
        using (await store.OpenAsync(Name)) { }
        Assert.Equal(["GetProperties"], observed.Calls.Select(c => c.Operation));
        await store.UpdateAsync(Name, edit => Commit(edit, "2"));
        Assert.Equal(["2", "1", "0"], await MessagesSeenByAFreshInstanceAsync());
    }

    [Fact]
    public async Task A_save_writes_the_same_few_bytes_at_800_events_as_at_10()
    {
        var observed = new CallRecordingBlobStore(Blobs);
        var store = Instance(observed, new GitRepositoryOptions { CompactAfterRecords = 1_000 });
        var events = new StringBuilder("[\n");
        await store.CreateAsync(Name, edit => CommitOnMain(edit, "0"));
        var sizes = new List<long>();
        for (var i = 1; i <= 400; i++)
        {
            events.Append($"  {{\"index\": {i}, \"colour\": \"red\", \"time\": [2026, 12, 6, 13, 0, {i % 60}]}},\n");
            var text = events + "]\n";
            observed.Calls.Clear();
            await store.UpdateAsync(Name, edit =>
            {
                CommitOnMain(edit, i.ToString(), text, "events.json");
                return RepositoryChange<bool>.Stored(true);
            });
            sizes.Add(observed.Calls.Single(c => c.Operation == "Append").Bytes);
        }

        Assert.True(sizes[^1] <= 1.5 * sizes[9], $"save 10 wrote {sizes[9]} bytes, save 400 {sizes[^1]}");
        Assert.True(sizes.Max() < 2_000, $"the largest save wrote {sizes.Max()} bytes");
    }

    private async Task WaitForLeaseToBeFreeAsync(CallRecordingBlobStore? observed = null, int expectedCalls = 0)
    {
        var log = Name + "repository/" + RepositoryLayout.FirstLog;
        for (var i = 0; i < 200; i++)
        {
            if ((await Blobs.GetPropertiesAsync(log))!.LeaseState != LeaseState.Leased && (observed is null || observed.Calls.Count >= expectedCalls))
                return;
            await Task.Delay(10);
        }
        Assert.Fail("the lease was not released");
    }

    /// <summary>Passes everything through, noting each call: what, on which blob, how many bytes written, when.</summary>
    /// <summary>Runs <see cref="BeforeAcquire"/> once, before the first lease is asked for: another instance's work, at that very moment.</summary>
    private sealed class BeforeLeaseBlobStore(IBlobStore inner) : DelegatingBlobStore(inner)
    {
        public Func<Task>? BeforeAcquire { get; set; }

        public override async Task<string> AcquireLeaseAsync(string name, TimeSpan duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default)
        {
            if (BeforeAcquire is { } before)
            {
                BeforeAcquire = null;
                await before();
            }
            return await base.AcquireLeaseAsync(name, duration, proposedLeaseId, cancellationToken);
        }
    }

    protected sealed class CallRecordingBlobStore(IBlobStore inner) : DelegatingBlobStore(inner)
    {
        public ConcurrentQueue<Call> Calls { get; private set; } = new();

        /// <summary>A wait before each call reaches the store, as a network round trip adds.</summary>
        public TimeSpan Latency { get; init; }

        public sealed record Call(string Operation, string Blob, long Bytes, long Started, long Ended, long Offset = 0);

        private async Task<T> Record<T>(string operation, string blob, long bytes, Func<Task<T>> call, long offset = 0)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                if (Latency > TimeSpan.Zero) await Task.Delay(Latency);
                return await call();
            }
            finally
            {
                Calls.Enqueue(new Call(operation, blob, bytes, started, System.Diagnostics.Stopwatch.GetTimestamp(), offset));
            }
        }

        public override Task<BlobDownload?> GetAsync(string name, ETag? ifNoneMatch = null, CancellationToken cancellationToken = default) =>
            Record("Get", name, 0, () => base.GetAsync(name, ifNoneMatch, cancellationToken));

        public override Task<BlobRange?> GetRangeAsync(string name, long offset, CancellationToken cancellationToken = default) =>
            Record("GetRange", name, 0, () => base.GetRangeAsync(name, offset, cancellationToken), offset);

        public override Task<BlobProperties?> GetPropertiesAsync(string name, CancellationToken cancellationToken = default) =>
            Record("GetProperties", name, 0, () => base.GetPropertiesAsync(name, cancellationToken));

        public override Task<AppendResult> AppendAsync(string name, ReadOnlyMemory<byte> block, AppendConditions? conditions = null, CancellationToken cancellationToken = default) =>
            Record("Append", name, block.Length, () => base.AppendAsync(name, block, conditions, cancellationToken));

        public override Task<ETag> PutAsync(string name, ReadOnlyMemory<byte> content, BlobConditions? conditions = null, CancellationToken cancellationToken = default) =>
            Record("Put", name, content.Length, () => base.PutAsync(name, content, conditions, cancellationToken));

        public override Task<string> AcquireLeaseAsync(string name, TimeSpan duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default) =>
            Record("AcquireLease", name, 0, () => base.AcquireLeaseAsync(name, duration, proposedLeaseId, cancellationToken));

        /// <summary>When set, lease releases wait for it before they reach the store (and are noted when they end).</summary>
        public Task? ReleasesWaitFor { get; set; }

        public override Task ReleaseLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default) =>
            Record("ReleaseLease", name, 0, async () =>
            {
                if (ReleasesWaitFor is { } gate) await gate;
                await base.ReleaseLeaseAsync(name, leaseId, cancellationToken);
                return true;
            });

        public override Task RenewLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default) =>
            Record("RenewLease", name, 0, async () =>
            {
                await base.RenewLeaseAsync(name, leaseId, cancellationToken);
                return true;
            });
    }
}

public sealed class InMemoryRepositoryStoreTests : RepositoryStoreTests
{
    protected override Task<IBlobStore> CreateStoreAsync(string folder) => Task.FromResult<IBlobStore>(new InMemoryBlobStore());
}

public sealed class LocalDirectoryRepositoryStoreTests : RepositoryStoreTests
{
    protected override Task<IBlobStore> CreateStoreAsync(string folder) => Task.FromResult<IBlobStore>(new LocalDirectoryBlobStore(folder));
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureRepositoryStoreTests(AzuriteFixture azurite) : RepositoryStoreTests
{
    protected override async Task<IBlobStore> CreateStoreAsync(string folder) => await azurite.CreateStoreAsync();
}
