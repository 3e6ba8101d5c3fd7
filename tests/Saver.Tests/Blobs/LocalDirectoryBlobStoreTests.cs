using System.Text;
using Microsoft.Extensions.Time.Testing;
using Saver.Storage.Blobs;
using Saver.Storage.Blobs.Local;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Blobs;

/// <summary>
/// What the contract cannot see of the local-directory store: several store instances on
/// one folder, the files it leaves, and names that must never leave the folder.
/// </summary>
/// <remarks>
/// Several instances in one process are a faithful stand-in for several processes because
/// the store keeps no state in memory at all (every decision is read from the folder under
/// the lock), and its lock is flock, which belongs to an open file, not to a process: two
/// instances in one process exclude each other exactly as two processes do. That the same
/// lock also excludes a real second process is shown with util-linux's flock(1), which
/// takes the very same kind of lock from outside.
/// </remarks>
public sealed class LocalDirectoryBlobStoreTests : IDisposable
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);

    private readonly TempDirectory _folder = new("local-blobs");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public void Dispose() => _folder.Dispose();

    private LocalDirectoryBlobStore NewStore() => new(_folder.Path, _time);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Two_stores_on_one_folder_see_each_others_blobs_etags_and_leases()
    {
        var one = NewStore();
        var two = NewStore();

        var etag = await one.PutAsync("katas/Ab/Cd/Ef/manifest.json", Bytes("{}"));
        var leaseId = await one.AcquireLeaseAsync("katas/Ab/Cd/Ef/manifest.json", LeaseDuration);

        var seen = await two.GetAsync("katas/Ab/Cd/Ef/manifest.json");
        Assert.Equal(etag, seen!.Properties.ETag);
        Assert.Equal(LeaseState.Leased, seen.Properties.LeaseState);
        var e = await Assert.ThrowsAsync<BlobLeaseException>(() => two.PutAsync("katas/Ab/Cd/Ef/manifest.json", Bytes("x")));
        Assert.Equal(BlobErrorCode.LeaseIdMissing, e.ErrorCode);
        await two.PutAsync("katas/Ab/Cd/Ef/manifest.json", Bytes("with the lease"), BlobConditions.WithLease(leaseId));

        _time.Advance(LeaseDuration + TimeSpan.FromSeconds(1));
        Assert.Equal(LeaseState.Expired, (await one.GetPropertiesAsync("katas/Ab/Cd/Ef/manifest.json"))!.LeaseState);
        await two.AcquireLeaseAsync("katas/Ab/Cd/Ef/manifest.json", LeaseDuration);
        Assert.Equal(LeaseState.Leased, (await one.GetPropertiesAsync("katas/Ab/Cd/Ef/manifest.json"))!.LeaseState);
    }

    [Fact]
    public async Task A_store_opened_again_finds_the_blobs_etags_and_leases_it_left()
    {
        var etag = await NewStore().PutAsync("a/b", Bytes("kept"));
        var leaseId = await NewStore().AcquireLeaseAsync("a/b", LeaseDuration);

        var reopened = NewStore();

        var download = await reopened.GetAsync("a/b");
        Assert.Equal("kept", Encoding.UTF8.GetString(download!.Content.Span));
        Assert.Equal(etag, download.Properties.ETag);
        await reopened.PutAsync("a/b", Bytes("x"), BlobConditions.Matching(etag, leaseId));
    }

    [Fact]
    public async Task Of_create_only_puts_from_many_stores_on_one_folder_exactly_one_wins()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => NewStore()).ToArray();

        var outcomes = await RaceAsync(32, i => stores[i % stores.Length].PutAsync("race/create", Bytes($"writer {i}"), BlobConditions.CreateOnly));

        var winner = Assert.Single(outcomes, o => o.Error is null);
        Assert.All(outcomes.Where(o => o.Error is not null), o => Assert.Equal(BlobErrorCode.BlobAlreadyExists, o.Error!.ErrorCode));
        var download = await stores[0].GetAsync("race/create");
        Assert.Equal($"writer {winner.Racer}", Encoding.UTF8.GetString(download!.Content.Span));
    }

    [Fact]
    public async Task Of_if_match_puts_from_many_stores_on_one_folder_exactly_one_wins_and_no_update_is_lost()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => NewStore()).ToArray();
        await stores[0].PutAsync("race/counter", Bytes("0"));

        // Every racer increments a counter with an optimistic read-modify-write loop: if any
        // two both won from the same ETag, an increment would be lost.
        const int racers = 8, incrementsEach = 10;
        await Task.WhenAll(Enumerable.Range(0, racers).Select(r => Task.Run(async () =>
        {
            var store = stores[r % stores.Length];
            for (var done = 0; done < incrementsEach;)
            {
                var current = await store.GetAsync("race/counter");
                var next = int.Parse(Encoding.UTF8.GetString(current!.Content.Span)) + 1;
                try
                {
                    await store.PutAsync("race/counter", Bytes(next.ToString()), BlobConditions.Matching(current.Properties.ETag));
                    done++;
                }
                catch (BlobConditionFailedException)
                {
                }
            }
        })));

        var final = await stores[1].GetAsync("race/counter");
        Assert.Equal((racers * incrementsEach).ToString(), Encoding.UTF8.GetString(final!.Content.Span));
    }

    [Fact]
    public async Task Of_lease_acquires_from_many_stores_on_one_folder_exactly_one_wins()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => NewStore()).ToArray();
        await stores[0].PutAsync("race/lease", Bytes("x"));

        var outcomes = await RaceAsync(32, i => stores[i % stores.Length].AcquireLeaseAsync("race/lease", LeaseDuration, Guid.NewGuid().ToString()));

        var winner = Assert.Single(outcomes, o => o.Error is null);
        Assert.All(outcomes.Where(o => o.Error is not null), o => Assert.Equal(BlobErrorCode.LeaseAlreadyPresent, o.Error!.ErrorCode));
        await stores[3].PutAsync("race/lease", Bytes("winner"), BlobConditions.WithLease(winner.Result!));
    }

    [Fact]
    public async Task An_append_writes_its_block_not_the_blob_again()
    {
        var store = NewStore();
        var layout = new BlobFileLayout(_folder.Path);
        await store.CreateAppendBlobAsync("katas/Ab/Cd/Ef/repository/log.000001");
        var blocks = Enumerable.Range(0, 40).Select(i => Enumerable.Repeat((byte)i, 5_000).ToArray()).ToList();
        foreach (var block in blocks) await store.AppendAsync("katas/Ab/Cd/Ef/repository/log.000001", block);

        var header = new FileInfo(layout.BlobPath("katas/Ab/Cd/Ef/repository/log.000001"));
        var data = Assert.Single(Directory.EnumerateFiles(layout.AppendsRoot));
        Assert.True(header.Length < 256, $"the blob file is a header of {header.Length} bytes");
        Assert.Equal(40 * 5_000, new FileInfo(data).Length);
        Assert.Equal(blocks.SelectMany(b => b), (await store.GetAsync("katas/Ab/Cd/Ef/repository/log.000001"))!.Content.ToArray());
        Assert.Equal(blocks[^1], (await store.GetRangeAsync("katas/Ab/Cd/Ef/repository/log.000001", 39 * 5_000))!.Content.ToArray());
    }

    [Fact]
    public async Task Bytes_past_the_length_a_header_gives_are_never_read_and_the_next_append_writes_over_them()
    {
        // As an append that crashed after writing its block and before its header was renamed into place leaves them.
        var store = NewStore();
        var layout = new BlobFileLayout(_folder.Path);
        await store.CreateAppendBlobAsync("log");
        await store.AppendAsync("log", Bytes("first "));
        var data = Assert.Single(Directory.EnumerateFiles(layout.AppendsRoot));
        await File.AppendAllTextAsync(data, "torn block that was never acknowledged");

        Assert.Equal("first ", Encoding.UTF8.GetString((await store.GetAsync("log"))!.Content.Span));
        Assert.Equal(6, (await store.GetPropertiesAsync("log"))!.Length);
        await store.AppendAsync("log", Bytes("second"), new AppendConditions(AppendPosition: 6));
        Assert.Equal("first second", Encoding.UTF8.GetString((await store.GetAsync("log"))!.Content.Span));
        Assert.Equal("second", Encoding.UTF8.GetString((await store.GetRangeAsync("log", 6))!.Content.Span));
    }

    [Fact]
    public async Task An_append_blob_written_before_data_files_is_read_as_it_is_and_moves_to_one_at_its_next_append()
    {
        var layout = new BlobFileLayout(_folder.Path);
        var store = NewStore();
        var path = layout.BlobPath("katas/Ab/Cd/Ef/repository/log.000001");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "saver-blob 1 \"0xOLD\" 1732363200000 append\nwritten by format 1");

        var read = (await store.GetAsync("katas/Ab/Cd/Ef/repository/log.000001"))!;
        Assert.Equal("written by format 1", Encoding.UTF8.GetString(read.Content.Span));
        Assert.Equal(new ETag("\"0xOLD\""), read.Properties.ETag);
        await Assert.ThrowsAsync<BlobConditionFailedException>(() =>
            store.AppendAsync("katas/Ab/Cd/Ef/repository/log.000001", Bytes("!"), new AppendConditions(AppendPosition: 3)));
        var appended = await store.AppendAsync("katas/Ab/Cd/Ef/repository/log.000001", Bytes(", then appended to"),
            new AppendConditions(AppendPosition: 19));

        Assert.Equal((19L, 37L), (appended.Offset, appended.Length));
        Assert.Equal("written by format 1, then appended to",
            Encoding.UTF8.GetString((await store.GetAsync("katas/Ab/Cd/Ef/repository/log.000001"))!.Content.Span));
        Assert.Single(Directory.EnumerateFiles(layout.AppendsRoot));
    }

    [Fact]
    public async Task Replacing_or_deleting_an_append_blob_removes_its_data_file()
    {
        var store = NewStore();
        var layout = new BlobFileLayout(_folder.Path);
        await store.CreateAppendBlobAsync("log");
        await store.AppendAsync("log", Bytes("one"));
        var first = Assert.Single(Directory.EnumerateFiles(layout.AppendsRoot));

        await store.CreateAppendBlobAsync("log");
        var second = Assert.Single(Directory.EnumerateFiles(layout.AppendsRoot));
        Assert.NotEqual(first, second);
        Assert.Equal(0, (await store.GetAsync("log"))!.Content.Length);

        await store.AppendAsync("log", Bytes("two"));
        await store.PutAsync("log", Bytes("a block blob now"));
        Assert.Empty(Directory.EnumerateFiles(layout.AppendsRoot));
        Assert.Equal("a block blob now", Encoding.UTF8.GetString((await store.GetAsync("log"))!.Content.Span));

        await store.CreateAppendBlobAsync("log");
        await store.AppendAsync("log", Bytes("three"));
        Assert.True(await store.DeleteAsync("log"));
        Assert.Empty(Directory.EnumerateFiles(layout.AppendsRoot));
        Assert.Null(await store.GetAsync("log"));
    }

    [Fact]
    public async Task A_create_only_append_blob_that_exists_leaves_no_data_file_behind()
    {
        var store = NewStore();
        var layout = new BlobFileLayout(_folder.Path);
        await store.CreateAppendBlobAsync("log");
        await store.AppendAsync("log", Bytes("kept"));

        await Assert.ThrowsAsync<BlobConditionFailedException>(() => store.CreateAppendBlobAsync("log", BlobConditions.CreateOnly));

        Assert.Single(Directory.EnumerateFiles(layout.AppendsRoot));
        Assert.Equal("kept", Encoding.UTF8.GetString((await store.GetAsync("log"))!.Content.Span));
    }

    [Fact]
    public async Task A_sweep_removes_data_files_no_blob_names_once_they_are_an_hour_old_and_nothing_else()
    {
        var store = NewStore();
        var layout = new BlobFileLayout(_folder.Path);
        await store.CreateAppendBlobAsync("katas/Ab/Cd/Ef/repository/log.000001");
        await store.AppendAsync("katas/Ab/Cd/Ef/repository/log.000001", Bytes("kept"));
        await store.PutAsync("katas/Ab/Cd/Ef/manifest.json", Bytes("{}"));
        var named = Assert.Single(Directory.EnumerateFiles(layout.AppendsRoot));
        var twoHoursAgo = _time.GetUtcNow().UtcDateTime - TimeSpan.FromHours(2);
        File.SetLastWriteTimeUtc(named, twoHoursAgo);
        // As a crash between making a data file and naming it, or between replacing a header and deleting the old one, leaves them.
        var old = layout.DataPath(BlobFileLayout.NewDataFileName());
        await File.WriteAllTextAsync(old, "left by a crash");
        File.SetLastWriteTimeUtc(old, twoHoursAgo);
        var young = layout.DataPath(BlobFileLayout.NewDataFileName());
        await File.WriteAllTextAsync(young, "its header may be on its way");
        var notOurs = Path.Combine(layout.AppendsRoot, "README");
        await File.WriteAllTextAsync(notOurs, "a file the store never makes");
        File.SetLastWriteTimeUtc(notOurs, twoHoursAgo);

        Assert.Equal(1, store.RemoveOrphanedDataFiles());

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(named));
        Assert.True(File.Exists(young));
        Assert.Equal("kept", Encoding.UTF8.GetString((await store.GetAsync("katas/Ab/Cd/Ef/repository/log.000001"))!.Content.Span));
        await store.AppendAsync("katas/Ab/Cd/Ef/repository/log.000001", Bytes(" and appended to"), new AppendConditions(AppendPosition: 4));

        _time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, store.RemoveOrphanedDataFiles());
        Assert.False(File.Exists(young));
        Assert.Equal(new[] { named, notOurs }.Order(), Directory.EnumerateFiles(layout.AppendsRoot).Order());
        Assert.Equal("kept and appended to",
            Encoding.UTF8.GetString((await store.GetAsync("katas/Ab/Cd/Ef/repository/log.000001"))!.Content.Span));
    }

    [Fact]
    public async Task An_append_of_an_empty_block_still_marks_the_data_file_written()
    {
        // A sweep keeps a data file written since it listed it: the walk may miss a header an append is replacing.
        var store = NewStore();
        var layout = new BlobFileLayout(_folder.Path);
        await store.CreateAppendBlobAsync("log");
        var data = Assert.Single(Directory.EnumerateFiles(layout.AppendsRoot));
        var twoHoursAgo = DateTime.UtcNow - TimeSpan.FromHours(2);
        File.SetLastWriteTimeUtc(data, twoHoursAgo);

        await store.AppendAsync("log", ReadOnlyMemory<byte>.Empty);

        Assert.True(File.GetLastWriteTimeUtc(data) > twoHoursAgo.AddHours(1), $"the data file was last written at {File.GetLastWriteTimeUtc(data):O}");
    }

    [Fact]
    public async Task A_blob_file_on_disk_is_never_half_written()
    {
        var writer = NewStore();
        var layout = new BlobFileLayout(_folder.Path);
        const int size = 1024 * 1024;
        await writer.PutAsync("big/blob", new byte[size]);
        using var done = new CancellationTokenSource();
        var watcherStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var writing = Task.Run(async () =>
        {
            await watcherStarted.Task; // so the two really overlap
            for (var i = 1; i <= 20; i++) await writer.PutAsync("big/blob", Enumerable.Repeat((byte)i, size).ToArray());
        });
        var inspections = 0;
        var watching = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                // Whatever is in the blobs folder at any moment is a complete blob file.
                foreach (var file in Directory.EnumerateFiles(layout.BlobsRoot, "*", SearchOption.AllDirectories))
                {
                    Assert.EndsWith(BlobFileLayout.BlobSuffix, file);
                    var read = await BlobFile.ReadAsync(file, _ => false, CancellationToken.None);
                    if (read is not var (version, content)) continue;
                    Assert.Equal(size, version.Length);
                    Assert.Equal(size, content.Length);
                    Assert.True(content.AsSpan().IndexOfAnyExcept(content[0]) < 0, "a blob file mixed two versions");
                    inspections++;
                }
                watcherStarted.TrySetResult();
            }
        });

        try
        {
            await writing;
        }
        finally
        {
            // Also when the writer failed: a watcher left spinning would starve the other tests.
            await done.CancelAsync();
        }
        await watching;
        Assert.True(inspections > 0);
        Assert.Empty(Directory.EnumerateFiles(layout.TempRoot));
    }

    [Fact]
    public async Task The_blob_lock_excludes_another_process_that_holds_it()
    {
        var store = NewStore();
        await store.PutAsync("a/b", Bytes("before"));
        var lockPath = new BlobFileLayout(_folder.Path).LockPath("a/b");

        Task<ETag> put;
        using (var other = await OtherProcessHoldingLockAsync(lockPath))
        {
            put = store.PutAsync("a/b", Bytes("after"));
            await Task.Delay(300);
            Assert.False(put.IsCompleted, "the put went ahead while another process held the blob's lock");
            Assert.Equal("before", Encoding.UTF8.GetString((await store.GetAsync("a/b"))!.Content.Span));
        }

        await put.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("after", Encoding.UTF8.GetString((await store.GetAsync("a/b"))!.Content.Span));
    }

    [Fact]
    public async Task Another_process_cannot_take_a_blob_lock_the_store_holds()
    {
        var lockPath = new BlobFileLayout(_folder.Path).LockPath("a/b");
        NewStore();

        using (await FileLock.AcquireAsync(lockPath, CancellationToken.None))
            Assert.Equal(1, await RunAsync("flock", "--nonblock", lockPath, "true"));

        Assert.Equal(0, await RunAsync("flock", "--nonblock", lockPath, "true"));
    }

    [Fact]
    public async Task Deleting_a_leased_blob_leaves_nothing_behind()
    {
        var store = NewStore();
        var layout = new BlobFileLayout(_folder.Path);
        await store.PutAsync("katas/Ab/Cd/Ef/manifest.json", Bytes("{}"));
        await store.PutAsync("katas/Zz/keep", Bytes("a neighbour"));
        var leaseId = await store.AcquireLeaseAsync("katas/Ab/Cd/Ef/manifest.json", LeaseDuration);

        await store.DeleteAsync("katas/Ab/Cd/Ef/manifest.json", BlobConditions.WithLease(leaseId));

        Assert.False(File.Exists(layout.BlobPath("katas/Ab/Cd/Ef/manifest.json")));
        Assert.False(File.Exists(layout.LeasePath("katas/Ab/Cd/Ef/manifest.json")));
        Assert.False(Directory.Exists(Path.Combine(layout.BlobsRoot, "katas", "Ab")), "emptied folders are removed");
        Assert.True(File.Exists(layout.BlobPath("katas/Zz/keep")));
        Assert.Empty(Directory.EnumerateFiles(layout.TempRoot));
        Assert.Empty(Directory.EnumerateFiles(layout.LeasesRoot));
    }

    [Fact]
    public async Task A_lease_file_left_by_a_lost_blob_file_does_not_lease_a_new_blob_of_that_name()
    {
        var store = NewStore();
        var layout = new BlobFileLayout(_folder.Path);
        await store.PutAsync("a/b", Bytes("x"));
        await store.AcquireLeaseAsync("a/b", LeaseDuration);
        File.Delete(layout.BlobPath("a/b")); // as if a crash or a person removed only the blob

        await store.PutAsync("a/b", Bytes("new"), BlobConditions.CreateOnly);

        Assert.Equal(LeaseState.Available, (await store.GetPropertiesAsync("a/b"))!.LeaseState);
        await store.PutAsync("a/b", Bytes("no lease needed"));
    }

    [Fact]
    public async Task Files_in_the_folder_that_are_not_blob_files_are_not_listed()
    {
        var store = NewStore();
        var layout = new BlobFileLayout(_folder.Path);
        await store.PutAsync("katas/x", Bytes("x"));
        File.WriteAllText(Path.Combine(layout.BlobsRoot, "katas", "README.txt"), "not a blob");
        File.WriteAllText(Path.Combine(layout.BlobsRoot, "katas", "bad%zzblob"), "not a blob either");
        File.WriteAllText(Path.Combine(layout.BlobsRoot, "katas", "..%blob"), "no blob is named katas/..");
        File.WriteAllText(Path.Combine(layout.BlobsRoot, "katas", "%blob"), "no blob is named katas/");

        var page = await store.ListPageAsync("katas/");

        Assert.Equal(["katas/x"], page.Items.Select(i => i.Name));
    }

    [Theory]
    [InlineData("../")]
    [InlineData("../blobs/")]
    [InlineData("/")]
    [InlineData("/katas/")]
    [InlineData("katas//")]
    [InlineData("katas/./")]
    [InlineData("katas\\")]
    public async Task Prefixes_no_valid_name_can_have_list_nothing_and_never_leave_the_folder(string prefix)
    {
        var store = NewStore();
        await store.PutAsync("katas/x", Bytes("x"));
        // A blob file outside the store's blobs folder, that an escaping walk would find.
        File.WriteAllText(Path.Combine(_folder.Path, "blobs%blob"), "saver-blob 1 \"0x1\" 0\n");

        var page = await store.ListPageAsync(prefix);

        Assert.Empty(page.Items);
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public void A_listing_starts_at_the_deepest_folder_its_prefix_names()
    {
        var layout = new BlobFileLayout(_folder.Path);

        Assert.Equal((Path.Combine(layout.BlobsRoot, "katas", "Ab", "Cd", "Ef"), "katas/Ab/Cd/Ef/"), layout.ListingStart("katas/Ab/Cd/Ef/"));
        Assert.Equal((Path.Combine(layout.BlobsRoot, "katas", "Ab", "Cd"), "katas/Ab/Cd/"), layout.ListingStart("katas/Ab/Cd/E"));
        Assert.Equal((Path.Combine(layout.BlobsRoot, "100%25"), "100%/"), layout.ListingStart("100%/"));
        Assert.Equal((layout.BlobsRoot, ""), layout.ListingStart("kat"));
        Assert.Null(layout.ListingStart("katas/../"));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("100%", "100%25")]
    [InlineData("x%blob", "x%25blob")]
    [InlineData("tab\there", "tab%09here")]
    [InlineData("é中", "é中")]
    public void Segments_are_escaped_only_where_needed_and_come_back_unchanged(string segment, string fileName)
    {
        Assert.Equal(fileName, BlobFileLayout.Escape(segment));
        Assert.Equal(segment, BlobFileLayout.Unescape(fileName));
    }

    [Fact]
    public void Blob_files_are_named_so_a_blob_and_a_folder_of_the_same_name_live_side_by_side()
    {
        var layout = new BlobFileLayout(_folder.Path);

        Assert.Equal(Path.Combine(layout.BlobsRoot, "a", "b%blob"), layout.BlobPath("a/b"));
        Assert.Equal(Path.Combine(layout.BlobsRoot, "a", "b", "c%blob"), layout.BlobPath("a/b/c"));
        Assert.Equal(Path.Combine(layout.BlobsRoot, "a", "b%25blob", "c%blob"), layout.BlobPath("a/b%blob/c"));
    }

    [Fact]
    public void Lock_stripes_are_the_same_in_every_process_and_spread_names()
    {
        var layout = new BlobFileLayout(_folder.Path);

        // A fixed expected file: a per-process hash would fail here on some runs.
        Assert.Equal(Path.Combine(layout.LocksRoot, "11b.lock"), layout.LockPath("katas/Ab/Cd/Ef/manifest.json"));
        var stripes = Enumerable.Range(0, 1000).Select(i => layout.LockPath($"katas/{i:000}/events.json")).Distinct().Count();
        Assert.True(stripes > 400, $"1000 names fell into only {stripes} lock files");
    }

    [Fact]
    public async Task A_segment_too_long_for_a_file_name_is_rejected()
    {
        var store = NewStore();

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync("a/" + new string('x', 251), Bytes("x")));
        await store.PutAsync("a/" + new string('x', 250), Bytes("fits"));
    }

    [Fact]
    public void Temporary_files_left_by_a_crash_are_removed_when_a_store_opens()
    {
        var layout = new BlobFileLayout(_folder.Path);
        layout.CreateFolders();
        var abandoned = layout.NewTempPath();
        var recent = layout.NewTempPath();
        File.WriteAllText(abandoned, "half");
        File.WriteAllText(recent, "another process is writing this");
        File.SetLastWriteTimeUtc(abandoned, _time.GetUtcNow().UtcDateTime.AddHours(-2));

        NewStore();

        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(recent));
    }

    private sealed record Outcome<T>(int Racer, T? Result, BlobStoreException? Error);

    private static async Task<IReadOnlyList<Outcome<T>>> RaceAsync<T>(int racers, Func<int, Task<T>> operation)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, racers).Select(i => Task.Run(async () =>
        {
            await go.Task;
            try
            {
                return new Outcome<T>(i, await operation(i), null);
            }
            catch (BlobStoreException e)
            {
                return new Outcome<T>(i, default, e);
            }
        })).ToArray();
        go.SetResult();
        return await Task.WhenAll(tasks);
    }

    /// <summary>
    /// Starts flock(1) holding the file's lock until disposed (which closes its stdin, so
    /// the shell it runs ends and the lock is freed), once it says it has the lock.
    /// </summary>
    private static async Task<IDisposable> OtherProcessHoldingLockAsync(string lockPath)
    {
        var process = new System.Diagnostics.Process
        {
            StartInfo = new("flock", ["--exclusive", lockPath, "--command", "echo locked; read line"])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            },
        };
        process.Start();
        var said = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("locked", said);
        return new OtherProcess(process);
    }

    private sealed class OtherProcess(System.Diagnostics.Process process) : IDisposable
    {
        public void Dispose()
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(10_000)) process.Kill(entireProcessTree: true);
            process.Dispose();
        }
    }

    private static async Task<int> RunAsync(string program, params string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(program, arguments) { UseShellExecute = false })!;
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return process.ExitCode;
    }
}
