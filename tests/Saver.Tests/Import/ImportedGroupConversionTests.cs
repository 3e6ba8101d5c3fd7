using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Saver.Functions.Hosting;
using Saver.Storage.Git;
using Saver.Storage.Groups;
using Saver.Storage.Ids;
using Saver.Storage.Katas;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Import;

/// <summary>
/// The original's format-2 group (almost_full_group.v2.U8Tt6y), imported: its katas in the
/// single-blob form keep their logs under the group once converted, by a write or as
/// <c>--migrate-all</c> converts them, so a dashboard polling the group asks two things.
/// </summary>
public abstract class ImportedGroupConversionTests(StoreUnderTest store) : IDisposable
{
    private const string Group = "U8Tt6y";

    public void Dispose() => store.Dispose();

    [Fact]
    public async Task Imported_members_converted_by_a_write_or_by_migrate_all_keep_their_logs_under_their_group()
    {
        await using var app = store.StartApp();
        Assert.Equal(0, await app.Services.GetRequiredService<ImportCommand>().RunAsync([OriginalData.V2Archive], TextWriter.Null, TextWriter.Null, CancellationToken.None));
        var joined = (await app.Client.ReadAsync("group_joined", new JsonObject { ["id"] = Group }))!.AsObject();
        var members = joined.Select(m => m.Value!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(63, members.Count);

        await app.Client.WriteAsync("kata_ran_tests", RanTests(members[0], TennisFiles(), "red", LaptopA, 1));
        var repositories = app.Services.GetRequiredService<RepositoryStore>();
        foreach (var member in members.Skip(1)) Assert.True(await repositories.ConvertAsync(KataLayout.RepositoryName(EntityId.Parse(member))));

        foreach (var member in members)
            Assert.Equal($"{KataLayout.MemberLogsPrefix(EntityId.Parse(Group))}{member}/{RepositoryLayout.FirstLog}",
                await StoredRepository.LogNameAsync(app.Blobs, member));
        var recorded = new ConcurrentQueue<string>();
        await using var dashboard = store.StartApp(decorateStore: inner => new ReadCallsBlobStore(inner, call =>
        {
            recorded.Enqueue(call);
            return Task.CompletedTask;
        }));
        var cold = await dashboard.Client.ReadAsync("group_joined", new JsonObject { ["id"] = Group });
        recorded.Clear();
        var warm = await dashboard.Client.ReadAsync("group_joined", new JsonObject { ["id"] = Group });
        Assert.True(JsonNode.DeepEquals(cold, warm));
        // The member written to answers its new events; the others as imported.
        var written = joined.First().Key;
        Assert.True(warm![written]!["events"]!.AsArray().Count > joined[written]!["events"]!.AsArray().Count);
        foreach (var (index, member) in joined.Skip(1)) Assert.True(JsonNode.DeepEquals(member, warm[index]), index);
        Assert.Equal([$"list {KataLayout.MemberLogsPrefix(EntityId.Parse(Group))}", $"properties {GroupLayout.KatasBlobName(EntityId.Parse(Group))}"], recorded.Order(StringComparer.Ordinal));
    }
}

public sealed class LocalDirectoryImportedGroupConversionTests() : ImportedGroupConversionTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzureImportedGroupConversionTests(AzuriteFixture azurite) : ImportedGroupConversionTests(StoreUnderTest.Azure(azurite));
