using Saver.Functions.Api;
using Saver.Storage;
using Saver.Storage.Blobs;
using Saver.Storage.Git;

namespace Saver.Tests.Http;

/// <summary>Which failures a caller may simply try again (503), and which are faults (500).</summary>
public sealed class ApiErrorsTests
{
    public static TheoryData<Exception> TryAgainLater => new()
    {
        new BlobLeaseTimeoutException("katas/Ab/Cd/Ef/repository/log.000001", TimeSpan.FromSeconds(60)),
        new RepositoryContendedException("katas/Ab/Cd/Ef/", 8, TimeSpan.FromSeconds(61)),
        new RepositoryWentBackException("katas/Ab/Cd/Ef/", "its main is behind"),
        new SaverException("a write failed", BlobStoreException.From(503, "ServerBusy", "the store is busy")),
    };

    [Theory]
    [MemberData(nameof(TryAgainLater))]
    public void A_write_the_store_could_not_take_now_is_503(Exception e) =>
        Assert.Equal(503, ApiErrors.StatusFor(e));

    [Fact]
    public void A_fault_is_500() =>
        Assert.Equal(500, ApiErrors.StatusFor(new SaverException("git object 1234 is missing")));
}
