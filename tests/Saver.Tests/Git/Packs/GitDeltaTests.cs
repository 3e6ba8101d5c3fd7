using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Saver.Storage.Git.Packs;

namespace Saver.Tests.Git.Packs;

public class GitDeltaTests
{
    [Property(MaxTest = 500)]
    public bool Any_delta_applied_to_its_source_gives_its_target(byte[] source, byte[] target) =>
        GitDelta.Apply(source, GitDelta.Create(source, target)).AsSpan().SequenceEqual(target);

    [Fact]
    public void An_entry_added_to_a_long_json_array_costs_the_entry_not_the_array()
    {
        var entries = Enumerable.Range(0, 800).Select(i => $"  {{\"index\": {i}, \"colour\": \"red\"}}").ToList();
        var before = Encoding.UTF8.GetBytes("[\n" + string.Join(",\n", entries) + "\n]\n");
        entries.Add("  {\"index\": 800, \"colour\": \"green\"}");
        var after = Encoding.UTF8.GetBytes("[\n" + string.Join(",\n", entries) + "\n]\n");

        var delta = GitDelta.Create(before, after);

        Assert.True(before.Length > 20_000);
        Assert.InRange(delta.Length, 1, 64);
        Assert.Equal(after, GitDelta.Apply(before, delta));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0x10000, 0x10000)]
    [InlineData(0x1000001, 5)]
    [InlineData(70_000, 200_000)]
    public void Large_copies_and_inserts_are_split_as_git_allows(int sourceLength, int targetLength)
    {
        var random = new Random(sourceLength ^ targetLength);
        var source = new byte[sourceLength];
        random.NextBytes(source);
        var target = source.Take(sourceLength / 2).Concat(Enumerable.Range(0, targetLength).Select(i => (byte)i)).Concat(source.Skip(sourceLength / 2)).ToArray();

        Assert.Equal(target, GitDelta.Apply(source, GitDelta.Create(source, target)));
    }
}
