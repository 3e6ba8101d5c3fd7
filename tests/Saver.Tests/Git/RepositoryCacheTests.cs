using Microsoft.Extensions.Logging.Abstractions;
using Saver.Storage.Git;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Git;

/// <summary>What the cache keeps when states of one repository are offered out of order (a read and a write finishing in turn).</summary>
public sealed class RepositoryCacheTests : IDisposable
{
    private const string Name = "katas/Ab/Cd/Ef/";
    private readonly TempDirectory _temp = new("cache");
    private readonly RepositoryCache _cache;

    public RepositoryCacheTests() => _cache = new RepositoryCache(_temp.Path, 1L << 30, NullLogger.Instance);

    public void Dispose()
    {
        _cache.Dispose();
        _temp.Dispose();
    }

    private static RepositoryState At(string log, long position) => new() { Log = log, Position = position, Refs = RepositoryRefs.Empty };

    [Theory]
    [InlineData("log.000002", 900, "log.000002", 400)] // the same log, read less far
    [InlineData("log.000003", 100, "log.000002", 9000)] // an earlier log, however far read
    public void A_state_behind_the_one_held_does_not_replace_it(string heldLog, long heldAt, string offeredLog, long offeredAt)
    {
        using (_cache.Install(Name, _cache.NewFolder(), At(heldLog, heldAt))) { }

        using var offered = _cache.Install(Name, _cache.NewFolder(), At(offeredLog, offeredAt));

        Assert.Equal((heldLog, heldAt), (offered.State.Log, offered.State.Position));
        using var held = _cache.TryGet(Name);
        Assert.Equal((heldLog, heldAt), (held!.State.Log, held.State.Position));
    }

    [Fact]
    public void A_state_in_a_later_log_replaces_the_one_held()
    {
        using (_cache.Install(Name, _cache.NewFolder(), At("log.000002", 9000))) { }

        using var offered = _cache.Install(Name, _cache.NewFolder(), At("log.000003", 100));

        Assert.Equal("log.000003", offered.State.Log);
    }
}
