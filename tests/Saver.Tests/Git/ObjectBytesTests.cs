using FsCheck;
using FsCheck.Xunit;
using LibGit2Sharp;
using Saver.Storage.Git;
using Saver.Storage.Git.Packs;
using Saver.Storage.IO;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Git;

/// <summary>Bytes in two parts (a shared start and an ending of their own) read, hash, compare and delta as the same bytes in one array.</summary>
public sealed class ObjectBytesTests
{
    /// <summary><paramref name="bytes"/> in two parts cut at <paramref name="cut"/>, the start in a longer array whose spare bytes are junk.</summary>
    private static ObjectBytes TwoParts(byte[] bytes, int cut, byte junk)
    {
        var at = bytes.Length == 0 ? 0 : Math.Abs(cut % (bytes.Length + 1));
        var start = new byte[at + 7];
        Array.Fill(start, junk);
        bytes.AsSpan(0, at).CopyTo(start);
        return new ObjectBytes(start, at, bytes[at..]);
    }

    [Property(MaxTest = 300)]
    public bool Two_parts_read_as_the_whole(NonNull<byte[]> whole, int cut, byte junk, int from, int length)
    {
        var bytes = whole.Get;
        var parts = TwoParts(bytes, cut, junk);
        var start = bytes.Length == 0 ? 0 : Math.Abs(from % (bytes.Length + 1));
        var count = bytes.Length - start == 0 ? 0 : Math.Abs(length % (bytes.Length - start + 1));
        var copied = new byte[count];
        parts.CopyTo(start, copied);
        return parts.Length == bytes.Length
            && parts.ToArray().AsSpan().SequenceEqual(bytes)
            && Enumerable.Range(0, bytes.Length).All(i => parts[i] == bytes[i])
            && copied.AsSpan().SequenceEqual(bytes.AsSpan(start, count))
            && parts.Slice(start, count).SequenceEqual(bytes.AsSpan(start, count));
    }

    [Property(MaxTest = 300)]
    public bool Common_ends_are_those_of_the_whole(NonNull<byte[]> a, NonNull<byte[]> b, int cutA, int cutB, bool shareStart)
    {
        // Common starts often, as a file's versions have them.
        var first = a.Get;
        var second = shareStart ? [.. first, .. b.Get] : b.Get;
        var x = TwoParts(first, cutA, 1);
        var y = TwoParts(second, cutB, 2);
        var prefix = first.AsSpan().CommonPrefixLength(second);
        var limit = Math.Min(first.Length, second.Length) - prefix;
        var suffix = 0;
        while (suffix < limit && first[^(suffix + 1)] == second[^(suffix + 1)]) suffix++;
        return x.CommonPrefixLength(y) == prefix && y.CommonPrefixLength(x) == prefix && x.CommonSuffixLength(y, limit) == suffix;
    }

    [Property(MaxTest = 200)]
    public bool Bytes_are_equal_when_their_content_is_however_they_are_held(NonNull<byte[]> a, NonNull<byte[]> b, int cutA, int cutB) =>
        TwoParts(a.Get, cutA, 5).Equals(TwoParts(b.Get, cutB, 6)) == a.Get.AsSpan().SequenceEqual(b.Get)
        && TwoParts(a.Get, cutA, 5) == new ObjectBytes(a.Get);

    [Property(MaxTest = 200)]
    public bool An_object_id_is_that_of_the_whole(NonNull<byte[]> whole, int cut) =>
        ObjectOverlay.IdOf(GitObjectKind.Blob, TwoParts(whole.Get, cut, 9)) == ObjectOverlay.IdOf(GitObjectKind.Blob, whole.Get);

    [Property(MaxTest = 300)]
    public bool A_delta_between_two_part_versions_applied_to_its_source_gives_its_target(
        NonNull<byte[]> source, NonNull<byte[]> target, int cutSource, int cutTarget)
    {
        var from = TwoParts(source.Get, cutSource, 3);
        var to = TwoParts(target.Get, cutTarget, 4);
        return GitDelta.Apply(from, GitDelta.Create(from, to)).AsSpan().SequenceEqual(target.Get)
            && GitDelta.Apply(from, GitDelta.Create(source.Get, target.Get)).AsSpan().SequenceEqual(target.Get);
    }

    [Fact]
    public void Versions_sharing_a_buffer_are_compared_by_what_they_take_from_it_and_their_endings()
    {
        var buffer = SharedAppendBuffer.Of("[\n  1"u8);
        var shorter = new ObjectBytes(buffer.Array, 5, "\n]"u8.ToArray());
        buffer = buffer.Append(5, ",\n  2"u8);
        var longer = new ObjectBytes(buffer.Array, 10, "\n]"u8.ToArray());

        Assert.Equal("[\n  1\n]"u8.ToArray(), shorter.ToArray());
        Assert.Equal("[\n  1,\n  2\n]"u8.ToArray(), longer.ToArray());
        Assert.Equal(5, shorter.CommonPrefixLength(longer));
        var delta = GitDelta.Create(shorter, longer);
        Assert.Equal(longer.ToArray(), GitDelta.Apply(shorter, delta));
        Assert.True(delta.Length < 16, $"the delta is {delta.Length} bytes: the entry added, not the log");
    }

    [Fact]
    public void A_two_part_object_held_in_memory_reads_whole_through_libgit2()
    {
        using var folder = new TempDirectory("object-bytes");
        Repository.Init(folder.Path, isBare: true);
        var overlay = new ObjectOverlay();
        var whole = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 500).Select(i => $"line {i}\n")));
        var id = overlay.Add(GitObjectKind.Blob, TwoParts(whole, 1234, 0xFF));

        using var repo = new Repository(folder.Path);
        repo.ObjectDatabase.AddBackend(new OverlayBackend(overlay), OverlayBackend.Priority);
        var blob = repo.Lookup<Blob>(id);

        Assert.Equal(whole.Length, blob.Size);
        using var content = new MemoryStream();
        blob.GetContentStream().CopyTo(content);
        Assert.Equal(whole, content.ToArray());
    }
}
