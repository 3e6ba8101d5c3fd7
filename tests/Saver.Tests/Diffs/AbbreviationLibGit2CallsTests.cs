using System.Text;
using LibGit2Sharp;
using Saver.Storage.Diffs;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Diffs;

/// <summary>
/// The LibGit2Sharp calls <see cref="ObjectAbbreviation"/> makes, on their own, against the
/// libgit2 LibGit2Sharp ships (NativeBinaries 2.0.324, libgit2 1.8.6).
/// </summary>
public sealed class AbbreviationLibGit2CallsTests : IDisposable
{
    private readonly TempDirectory _folder = new("lg2-abbrev");
    private readonly Repository _repository;

    public AbbreviationLibGit2CallsTests()
    {
        _repository = new Repository(Repository.Init(_folder.Path, isBare: true));
    }

    public void Dispose()
    {
        _repository.Dispose();
        _folder.Dispose();
    }

    private ObjectId Blob(string content) => _repository.ObjectDatabase.Write<Blob>(Encoding.UTF8.GetBytes(content));

    [Fact]
    public void Info_Path_is_the_bare_repository_s_folder()
    {
        Assert.Equal(Path.GetFullPath(_folder.Path), Path.GetFullPath(_repository.Info.Path).TrimEnd('/'));
        Assert.True(Directory.Exists(Path.Combine(_repository.Info.Path, "objects", "pack")));
    }

    [Fact]
    public void Lookup_finds_a_blob_by_id_and_nothing_for_an_unknown_id()
    {
        var id = Blob("hello\n");

        Assert.IsType<Blob>(_repository.Lookup(id));
        Assert.Null(_repository.Lookup(new ObjectId("0123456789012345678901234567890123456789")));
    }

    [Fact]
    public void ShortenObjectId_gives_seven_digits_the_minimum_asked_or_more_to_stay_unique()
    {
        var lone = _repository.Lookup(Blob("hello\n"));

        Assert.Equal("ce01362", _repository.ObjectDatabase.ShortenObjectId(lone, 7));
        Assert.Equal("ce013625", _repository.ObjectDatabase.ShortenObjectId(lone, 8));

        // Two blobs whose ids share their first 7 digits, found by search; only they are stored.
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        string first, second;
        for (var n = 0; ; n++)
        {
            var content = $"collide {n}\n";
            var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(Encoding.UTF8.GetBytes($"blob {content.Length}\0{content}")));
            if (seen.TryGetValue(sha[..7], out var earlier))
            {
                (first, second) = (Blob(earlier).Sha, Blob(content).Sha);
                Assert.Equal(sha, second);
                break;
            }
            seen.Add(sha[..7], content);
        }
        var shared = 7;
        while (first[shared] == second[shared]) shared++;

        Assert.Equal(first[..(shared + 1)], _repository.ObjectDatabase.ShortenObjectId(_repository.Lookup(first), 7));
        Assert.Equal(second[..(shared + 1)], _repository.ObjectDatabase.ShortenObjectId(_repository.Lookup(second), 7));
    }
}
