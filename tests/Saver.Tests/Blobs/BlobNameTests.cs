using Microsoft.Extensions.Time.Testing;
using Saver.Storage.Blobs;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Blobs;

/// <summary>
/// The names Saver's stores accept. The in-memory and local-directory stores both reject
/// the same names, so a test on the fast store catches a name the default store would refuse.
/// </summary>
public sealed class BlobNameTests : IDisposable
{
    private readonly TempDirectory _folder = new("names");

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> InvalidNames => new()
    {
        "", "/a", "a/", "a//b", "./a", "a/./b", "a/..", "..", ".", "a\\b", "a\0b", "x/" + new string('y', 1023),
    };

    public static TheoryData<string> ValidNames => new()
    {
        "a", "a/b", "katas/Ab/Cd/Ef/manifest.json", "a/.b", "a/..b", "a/b.", "...", "a/ b /c", "😀/x",
    };

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Invalid_names_are_refused_with_a_reason(string name)
    {
        Assert.False(BlobName.IsValid(name));
        var e = Assert.Throws<ArgumentException>(() => BlobName.Validate(name));
        Assert.Contains("invalid blob name", e.Message);
    }

    [Fact]
    public void A_name_with_a_lone_surrogate_is_refused()
    {
        // Not theory data: xunit would replace the lone surrogate when it serialises the case.
        Assert.False(BlobName.IsValid("a/\ud800b"));
        Assert.False(BlobName.IsValid("a/b\udc00"));
        Assert.True(BlobName.IsValid("a/\ud83d\ude00"));
    }

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Valid_names_are_accepted(string name) => Assert.True(BlobName.IsValid(name));

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public async Task Both_emulating_stores_refuse_invalid_names_in_every_operation(string name)
    {
        var time = new FakeTimeProvider();
        foreach (IBlobStore store in new IBlobStore[] { new InMemoryBlobStore(time), new LocalDirectoryBlobStore(_folder.Path, time) })
        {
            await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(name, new byte[] { 1 }));
            await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync(name));
            await Assert.ThrowsAsync<ArgumentException>(() => store.GetPropertiesAsync(name));
            await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteAsync(name));
            await Assert.ThrowsAsync<ArgumentException>(() => store.AcquireLeaseAsync(name, TimeSpan.FromSeconds(15)));
            await Assert.ThrowsAsync<ArgumentException>(() => store.RenewLeaseAsync(name, Guid.NewGuid().ToString()));
            await Assert.ThrowsAsync<ArgumentException>(() => store.ReleaseLeaseAsync(name, Guid.NewGuid().ToString()));
            await Assert.ThrowsAsync<ArgumentException>(() => store.BreakLeaseAsync(name, TimeSpan.Zero));
            Assert.Empty((await store.ListPageAsync("")).Items);
        }
    }
}
