using LibGit2Sharp;
using Saver.Storage.Git;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Git;

/// <summary>An object's id worked out on another thread, or here, is the id git gives it, whoever asks and however many at once.</summary>
public sealed class ObjectIdComputationTests
{
    private static byte[] Text(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)('a' + i % 26))];

    /// <summary>The id libgit2 gives a blob of these bytes.</summary>
    private static ObjectId GitsId(byte[] bytes)
    {
        using var folder = new TempDirectory("ids");
        Repository.Init(folder.Path, isBare: true);
        using var repo = new Repository(folder.Path);
        return repo.ObjectDatabase.Write<Blob>(bytes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(ObjectIdComputation.OtherThreadFrom - 1)]
    [InlineData(ObjectIdComputation.OtherThreadFrom)]
    [InlineData(1 << 20)]
    public void The_id_is_gits_whether_worked_out_on_another_thread_or_here(int length)
    {
        var bytes = Text(length);
        var expected = GitsId(bytes);

        Assert.Equal(expected, ObjectIdComputation.OnOtherThread(GitObjectKind.Blob, bytes).Id);
        Assert.Equal(expected, ObjectIdComputation.Here(GitObjectKind.Blob, bytes).Id);
    }

    [Fact]
    public void The_id_of_a_version_that_shares_its_start_is_its_own_while_the_next_is_appended()
    {
        // events.json's versions: one array, each its own length of it and then its own ending.
        var shared = new byte[3 << 20];
        Text(shared.Length).CopyTo(shared, 0);
        var first = new ObjectBytes(shared, 1 << 20, "\n]"u8.ToArray());
        var expected = GitsId(first.ToArray());

        var computation = ObjectIdComputation.OnOtherThread(GitObjectKind.Blob, first);
        // The next version's bytes go after the first's, in the same array, meanwhile.
        Array.Fill(shared, (byte)'z', 1 << 20, 2 << 20);

        Assert.Equal(expected, computation.Id);
    }

    [Fact]
    public async Task Threads_asking_at_once_all_get_the_one_id()
    {
        var bytes = Text(4 << 20);
        var expected = GitsId(bytes);
        for (var round = 0; round < 20; round++)
        {
            var computation = ObjectIdComputation.OnOtherThread(GitObjectKind.Blob, bytes);
            using var start = new Barrier(8);
            var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                return computation.Id;
            }, TaskCreationOptions.LongRunning)));
            Assert.All(ids, id => Assert.Equal(expected, id));
        }
    }
}
