using Microsoft.Extensions.Time.Testing;
using Saver.Storage.Blobs;

namespace Saver.Tests.Blobs;

/// <summary>The contract, held against the in-memory store on a fake clock.</summary>
public sealed class InMemoryBlobStoreContractTests : BlobStoreContractTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    protected override Task<IBlobStore> CreateStoreAsync() => Task.FromResult<IBlobStore>(new InMemoryBlobStore(_time));

    protected override Task LetTimePassAsync(TimeSpan duration)
    {
        _time.Advance(duration);
        return Task.CompletedTask;
    }

    protected override DateTimeOffset Now => _time.GetUtcNow();

    protected override TimeSpan ClockTolerance => TimeSpan.Zero;
}
