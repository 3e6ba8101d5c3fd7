using Microsoft.Extensions.Time.Testing;
using Saver.Storage.Blobs;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Blobs;

/// <summary>The contract, held against the local-directory store in a fresh temp folder per test, on a fake clock.</summary>
public sealed class LocalDirectoryBlobStoreContractTests : BlobStoreContractTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly TempDirectory _folder = new("blobs");

    protected override Task<IBlobStore> CreateStoreAsync() =>
        Task.FromResult<IBlobStore>(new LocalDirectoryBlobStore(_folder.Path, _time));

    protected override Task DisposeStoreAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    protected override Task LetTimePassAsync(TimeSpan duration)
    {
        _time.Advance(duration);
        return Task.CompletedTask;
    }

    protected override DateTimeOffset Now => _time.GetUtcNow();

    protected override TimeSpan ClockTolerance => TimeSpan.Zero;
}
