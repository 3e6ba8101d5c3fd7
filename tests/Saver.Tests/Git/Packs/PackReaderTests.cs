using System.Text;
using LibGit2Sharp;
using Saver.Storage.Git;
using Saver.Storage.Git.Packs;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Git.Packs;

/// <summary>Packs are read back object for object: whole entries, deltas against the pack's own objects and a thin pack's outside bases.</summary>
public sealed class PackReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new("pack-reader");

    public void Dispose() => _temp.Dispose();

    private static readonly string LongText = string.Concat(Enumerable.Range(0, 400).Select(i => $"line {i}\n"));

    private static RawObject Blob(string text) => new(GitObjectKind.Blob, Encoding.UTF8.GetBytes(text));

    private static ObjectId IdOf(RawObject raw) => ObjectOverlay.IdOf(raw.Kind, raw.Data);

    [Fact]
    public void Every_object_of_a_thin_pack_comes_back_whole_with_its_id()
    {
        var outside = Blob(LongText);
        var changed = Blob(LongText.Replace("line 200\n", "line two hundred\n"));
        var empty = Blob("");
        var inPackBase = Blob(LongText + "tail\n");
        var againstInPack = Blob(LongText + "tail\nmore\n");

        var writer = new PackWriter();
        writer.Add(IdOf(changed), changed, (IdOf(outside), outside.Data));
        writer.Add(IdOf(empty), empty);
        writer.Add(IdOf(againstInPack), againstInPack, (IdOf(inPackBase), inPackBase.Data));
        writer.Add(IdOf(inPackBase), inPackBase);
        var pack = writer.ToArray();

        var read = PackReader.Read(pack, id => id == IdOf(outside) ? outside : null);

        Assert.Equal(
            new[] { changed, empty, againstInPack, inPackBase }.Select(o => (IdOf(o), Convert.ToHexString(o.Data.ToArray()))).OrderBy(p => p.Item1.Sha),
            read.Select(p => (p.Id, Convert.ToHexString(p.Object.Data.ToArray()))).OrderBy(p => p.Id.Sha));
    }

    [Fact]
    public void A_pack_written_by_git_is_read_as_git_reads_it()
    {
        var gitDir = Repository.Init(Path.Combine(_temp.Path, "repo"), isBare: true);
        var ids = new List<ObjectId>();
        using (var repo = new Repository(gitDir))
        {
            foreach (var text in new[] { LongText, LongText + "x\n", "", "short\n" })
                ids.Add(repo.ObjectDatabase.CreateBlob(new MemoryStream(Encoding.UTF8.GetBytes(text))).Id);
        }
        var pack = GitCli.RunBytes(gitDir, Encoding.ASCII.GetBytes(string.Join("\n", ids.Select(i => i.Sha)) + "\n"),
            "--git-dir", gitDir, "pack-objects", "--stdout", "--no-reuse-delta");

        var read = PackReader.Read(pack, _ => null);

        using var objects = GitObjectStore.Open(gitDir);
        Assert.Equal(ids.OrderBy(i => i.Sha), read.Select(p => p.Id).OrderBy(i => i.Sha));
        foreach (var (id, raw) in read) Assert.Equal(objects.Read(id).Data, raw.Data);
    }

    [Fact]
    public void A_delta_whose_base_is_nowhere_is_an_error_not_a_guess()
    {
        var outside = Blob(LongText);
        var changed = Blob(LongText + "more\n");
        var writer = new PackWriter();
        writer.Add(IdOf(changed), changed, (IdOf(outside), outside.Data));

        Assert.Throws<InvalidDataException>(() => PackReader.Read(writer.ToArray(), _ => null));
    }

    [Fact]
    public void A_cut_pack_is_an_error()
    {
        var writer = new PackWriter();
        writer.Add(IdOf(Blob(LongText)), Blob(LongText));
        var pack = writer.ToArray();

        Assert.Throws<InvalidDataException>(() => PackReader.Read(pack.AsSpan(0, pack.Length - 40).ToArray().Concat(new byte[20]).ToArray(), _ => null));
    }
}
