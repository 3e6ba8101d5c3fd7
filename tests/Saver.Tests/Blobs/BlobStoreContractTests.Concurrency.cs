using Saver.Storage.Blobs;

namespace Saver.Tests.Blobs;

/// <summary>
/// Races: of many writers that may not all win, exactly one does; readers never see a
/// blob half-written.
/// </summary>
public abstract partial class BlobStoreContractTests
{
    protected const int Racers = 16;

    [Fact]
    public async Task Of_many_parallel_create_only_puts_exactly_one_wins()
    {
        var outcomes = await RaceAsync(i => Store.PutAsync("race/create", Bytes($"writer {i}"), BlobConditions.CreateOnly));

        var winner = Assert.Single(outcomes, o => o.Error is null);
        Assert.All(outcomes.Where(o => o.Error is not null), o =>
        {
            var e = Assert.IsType<BlobConditionFailedException>(o.Error);
            Assert.Equal((409, BlobErrorCode.BlobAlreadyExists), (e.Status, e.ErrorCode));
        });
        await AssertContentAsync("race/create", $"writer {winner.Racer}");
        Assert.Equal(winner.Result, (await Store.GetPropertiesAsync("race/create"))!.ETag);
    }

    [Fact]
    public async Task Of_many_parallel_if_match_puts_from_one_etag_exactly_one_wins()
    {
        var start = await Store.PutAsync("race/update", Bytes("start"));

        var outcomes = await RaceAsync(i => Store.PutAsync("race/update", Bytes($"writer {i}"), BlobConditions.Matching(start)));

        var winner = Assert.Single(outcomes, o => o.Error is null);
        Assert.All(outcomes.Where(o => o.Error is not null), o =>
        {
            var e = Assert.IsType<BlobConditionFailedException>(o.Error);
            Assert.Equal((412, BlobErrorCode.ConditionNotMet), (e.Status, e.ErrorCode));
        });
        await AssertContentAsync("race/update", $"writer {winner.Racer}");
        Assert.Equal(winner.Result, (await Store.GetPropertiesAsync("race/update"))!.ETag);
    }

    [Fact]
    public async Task Of_many_parallel_lease_acquires_exactly_one_wins()
    {
        await Store.PutAsync("race/lease", Bytes("x"));

        var outcomes = await RaceAsync(_ => Store.AcquireLeaseAsync("race/lease", LeaseDuration, NewLeaseId()));

        var winner = Assert.Single(outcomes, o => o.Error is null);
        Assert.All(outcomes.Where(o => o.Error is not null), o =>
        {
            var e = Assert.IsType<BlobLeaseException>(o.Error);
            Assert.Equal((409, BlobErrorCode.LeaseAlreadyPresent), (e.Status, e.ErrorCode));
        });
        await Store.PutAsync("race/lease", Bytes("the winner writes"), BlobConditions.WithLease(winner.Result!));
        await AssertContentAsync("race/lease", "the winner writes");
    }

    [Fact]
    public async Task Readers_never_see_a_blob_half_written()
    {
        const int size = 256 * 1024;
        byte[][] versions = [Enumerable.Repeat((byte)0xAA, size).ToArray(), Enumerable.Repeat((byte)0xBB, size).ToArray()];
        await Store.PutAsync("race/whole", versions[0]);
        using var writersDone = new CancellationTokenSource();
        var readersStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            await readersStarted.Task; // so reads and writes really overlap
            for (var i = 0; i < 10; i++) await Store.PutAsync("race/whole", versions[(w + i) % 2]);
        })).ToArray();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            var reads = 0;
            while (!writersDone.IsCancellationRequested || reads < 5)
            {
                var download = await Store.GetAsync("race/whole");
                Assert.NotNull(download);
                var content = download.Content.Span;
                Assert.Equal(size, content.Length);
                Assert.Equal(size, download.Properties.Length);
                Assert.True(content.IndexOfAnyExcept(content[0]) < 0, "a read mixed two versions");
                reads++;
                readersStarted.TrySetResult();
            }
        })).ToArray();

        try
        {
            await Task.WhenAll(writers);
        }
        finally
        {
            // Also when a writer failed: readers left spinning would starve the other tests.
            await writersDone.CancelAsync();
        }
        await Task.WhenAll(readers);
    }

    protected sealed record RaceOutcome<T>(int Racer, T? Result, Exception? Error);

    /// <summary>
    /// Starts <see cref="Racers"/> operations on the thread pool and releases them together,
    /// so they really overlap, and collects each one's result or store error.
    /// </summary>
    protected static async Task<IReadOnlyList<RaceOutcome<T>>> RaceAsync<T>(Func<int, Task<T>> operation)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, Racers).Select(i => Task.Run(async () =>
        {
            await go.Task;
            try
            {
                return new RaceOutcome<T>(i, await operation(i), null);
            }
            catch (BlobStoreException e)
            {
                return new RaceOutcome<T>(i, default, e);
            }
        })).ToArray();
        go.SetResult();
        return await Task.WhenAll(racers);
    }
}
