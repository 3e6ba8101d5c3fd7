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

    [Property(MaxTest = 500)]
    public bool Any_matching_delta_applied_to_its_source_gives_its_target(byte[] source, byte[] target) =>
        GitDelta.Apply(source, GitDelta.CreateMatching(source, target)).AsSpan().SequenceEqual(target);

    [Property(MaxTest = 300)]
    public bool A_matching_delta_between_edits_of_one_text_gives_its_target(NonEmptyString text, int cut, int otherCut, string inserted)
    {
        var source = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(text.Get, 20)));
        var target = source.ToList();
        target.InsertRange(Math.Abs(cut) % target.Count, Encoding.UTF8.GetBytes(inserted ?? ""));
        target.RemoveRange(Math.Abs(otherCut) % target.Count, Math.Min(3, target.Count - Math.Abs(otherCut) % target.Count));
        return GitDelta.Apply(source, GitDelta.CreateMatching(source, target.ToArray())).AsSpan().SequenceEqual(target.ToArray());
    }

    [Fact]
    public void Changes_here_and_there_cost_the_changes_not_what_lies_between()
    {
        // As a tree whose entries point at new objects: ids changed, names and modes the same.
        var random = new Random(3);
        var entries = Enumerable.Range(0, 12).Select(i => (Name: $"100644 file{i}.py\0", Id: RandomBytes(random, 20))).ToList();
        var before = entries.SelectMany(e => Encoding.ASCII.GetBytes(e.Name).Concat(e.Id)).ToArray();
        entries[1] = (entries[1].Name, RandomBytes(random, 20));
        entries[10] = (entries[10].Name, RandomBytes(random, 20));
        var after = entries.SelectMany(e => Encoding.ASCII.GetBytes(e.Name).Concat(e.Id)).ToArray();

        var delta = GitDelta.CreateMatching(before, after);

        Assert.Equal(after, GitDelta.Apply(before, delta));
        Assert.InRange(delta.Length, 40, 70);
        Assert.True(GitDelta.Create(before, after).Length > 200, "prefix and suffix alone insert all between the two changes");
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

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
