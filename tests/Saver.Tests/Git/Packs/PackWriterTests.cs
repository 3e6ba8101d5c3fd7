using System.Text;
using LibGit2Sharp;
using Saver.Storage.Git;
using Saver.Storage.Git.Packs;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Git.Packs;

/// <summary>Packs written here are read by libgit2's indexer (thin ones completed from a store that has their bases) and by git.</summary>
public sealed class PackWriterTests : IDisposable
{
    private readonly TempDirectory _temp = new("packs");

    public void Dispose() => _temp.Dispose();

    private string NewRepository(string name) => Repository.Init(Path.Combine(_temp.Path, name), isBare: true);

    private static ObjectId Blob(string gitDirectory, string content)
    {
        using var repo = new Repository(gitDirectory);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        return repo.ObjectDatabase.CreateBlob(stream).Id;
    }

    [Fact]
    public void A_thin_pack_of_deltas_against_objects_the_reader_has_is_completed_and_read_back()
    {
        var writer = NewRepository("writer");
        var reader = NewRepository("reader");
        var longText = string.Concat(Enumerable.Range(0, 500).Select(i => $"line {i}\n"));
        var baseId = Blob(writer, longText);
        Blob(reader, longText);
        var changedId = Blob(writer, longText.Replace("line 250\n", "line two hundred and fifty\n"));
        var emptyId = Blob(writer, "");

        using var objects = GitObjectStore.Open(writer);
        var pack = new PackWriter();
        pack.Add(changedId, objects.Read(changedId), (baseId, objects.Read(baseId).Data));
        pack.Add(emptyId, objects.Read(emptyId));
        var bytes = pack.ToArray();
        Assert.True(bytes.Length < 200, $"the pack is {bytes.Length} bytes: the change, not the file");

        using var into = GitObjectStore.Open(reader);
        var packFile = into.IndexPack(bytes);

        Assert.True(File.Exists(Path.ChangeExtension(packFile, ".idx")));
        Assert.Equal(objects.Read(changedId).Data.ToArray(), into.Read(changedId).Data.ToArray());
        Assert.Equal(0, into.Read(emptyId).Data.Length);
        GitCli.Run(reader, "--git-dir", reader, "verify-pack", Path.ChangeExtension(packFile, ".idx"));
    }
}
