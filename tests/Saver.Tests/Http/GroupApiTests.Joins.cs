using System.Net;
using System.Text.Json.Nodes;
using Saver.Storage.Blobs;
using Saver.Storage.Groups;
using Saver.Storage.Ids;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Http;

// Joins that race one another, and joins that fail part way (docs/api.md §5).
public abstract partial class GroupApiTests
{
    [Fact]
    public async Task Sixty_five_joins_at_once_give_64_distinct_avatars_and_one_null()
    {
        var id = await CreateGroupAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 65).Select(_ =>
            Api.PostAsync("group_join", new JsonObject { ["id"] = id })));

        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK, a.Text));
        var results = answers.Select(a => a.Json!["group_join"]).ToList();
        Assert.Single(results, r => r is null);
        var katas = results.OfType<JsonNode>().Select(r => r.GetValue<string>()).ToList();
        Assert.Equal(64, katas.Distinct().Count());

        var lines = (await KatasTxtAsync(id)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(64, lines.Length);
        var listed = lines.Select(l => l.Split(' ')).ToDictionary(p => p[0], p => int.Parse(p[1]));
        Assert.Equal(katas.Order(StringComparer.Ordinal), listed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(0, 64), listed.Values.Order());
        foreach (var kata in katas)
        {
            var manifest = (await Api.ReadAsync("kata_manifest", new JsonObject { ["id"] = kata }))!;
            Assert.Equal(id, manifest["group_id"]!.GetValue<string>());
            Assert.Equal(listed[kata], manifest["group_index"]!.GetValue<int>());
        }

        var joined = Assert.IsType<JsonObject>(await Api.ReadAsync("group_joined", new JsonObject { ["id"] = id }));
        Assert.Equal(Enumerable.Range(0, 64).Select(i => i.ToString()), joined.Select(p => p.Key));
        Assert.All(joined, p => Assert.Equal(int.Parse(p.Key), listed[p.Value!["id"]!.GetValue<string>()]));
    }

    [Fact]
    public async Task Joiners_of_a_group_without_katas_txt_create_it_together()
    {
        // A group whose creation stopped after its manifest: katas.txt was never written.
        var id = await CreateGroupAsync();
        Assert.True(await App.Blobs.DeleteAsync(GroupLayout.KatasBlobName(EntityId.Parse(id))));
        AssertSameJson(new JsonObject(), await Api.ReadAsync("group_joined", new JsonObject { ["id"] = id }));

        var katas = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i => (await JoinAsync(id, i))!));
        var lines = (await KatasTxtAsync(id)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
        Assert.Equal(katas.Select((kata, i) => $"{kata} {i}").Order(StringComparer.Ordinal), lines);
    }

    [Fact]
    public async Task A_join_whose_kata_cannot_be_created_gives_its_avatar_back()
    {
        var id = await CreateGroupAsync();
        FaultyBlobStore? faulty = null;
        await using var app = StartApp(store => faulty = new FaultyBlobStore(store));
        _ = app.Blobs; // the app makes its store when first asked for it
        faulty!.BeforePut = name => name.StartsWith("katas/", StringComparison.Ordinal) ? new IOException("storage went away") : null;

        var failed = await app.Client.PostAsync("group_join", new JsonObject { ["id"] = id, ["indexes"] = new JsonArray(7, 8) });
        Assert.Equal(HttpStatusCode.InternalServerError, failed.Status);
        Assert.Equal("", await KatasTxtAsync(id));
        Assert.Equal([GroupLayout.KatasBlobName(EntityId.Parse(id)), GroupLayout.ManifestBlobName(EntityId.Parse(id))],
            (await BlobNamesAsync(GroupLayout.Prefix(EntityId.Parse(id)))).Order(StringComparer.Ordinal));

        faulty.BeforePut = _ => null;
        var kata = (await app.Client.WriteAsync("group_join", new JsonObject { ["id"] = id, ["indexes"] = new JsonArray(7, 8) }))!
            .GetValue<string>();
        Assert.Equal(7, (await Api.ReadAsync("kata_manifest", new JsonObject { ["id"] = kata }))!["group_index"]!.GetValue<int>());
        Assert.Equal($"{kata} 7\n", await KatasTxtAsync(id));
    }

    [Fact]
    public async Task A_join_whose_line_cannot_be_added_keeps_its_avatar_and_leaves_katas_txt_whole()
    {
        var id = await CreateGroupAsync();
        var member = await JoinAsync(id, 3);
        FaultyBlobStore? faulty = null;
        await using var app = StartApp(store => faulty = new FaultyBlobStore(store));
        _ = app.Blobs; // the app makes its store when first asked for it
        faulty!.BeforePut = name => name.EndsWith("/" + GroupLayout.KatasBlob, StringComparison.Ordinal) ? new IOException("storage went away") : null;

        var failed = await app.Client.PostAsync("group_join", new JsonObject { ["id"] = id, ["indexes"] = new JsonArray(7, 8) });
        Assert.Equal(HttpStatusCode.InternalServerError, failed.Status);
        Assert.Equal($"{member} 3\n", await KatasTxtAsync(id));
        // The kata was made as avatar 7, so 7 stays taken: no later kata can share it.
        Assert.Contains(GroupLayout.ClaimBlobName(EntityId.Parse(id), 7), await BlobNamesAsync(GroupLayout.Prefix(EntityId.Parse(id))));

        faulty.BeforePut = _ => null;
        var next = await JoinAsync(id, 7, 8);
        Assert.Equal($"{member} 3\n{next} 8\n", await KatasTxtAsync(id));
        var joined = Assert.IsType<JsonObject>(await Api.ReadAsync("group_joined", new JsonObject { ["id"] = id }));
        Assert.Equal(["3", "8"], joined.Select(p => p.Key));
    }

    [Fact]
    public async Task A_group_listing_a_kata_that_is_not_there_is_a_500_naming_both()
    {
        var id = await CreateGroupAsync();
        await App.Blobs.PutAsync(GroupLayout.KatasBlobName(EntityId.Parse(id)), "123AbZ 5\n"u8.ToArray());
        var answer = await Api.SendAsync(HttpMethod.Get, "group_joined", new JsonObject { ["id"] = id });
        Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
        Assert.Equal($"group {id} lists kata 123AbZ as avatar 5, but kata 123AbZ does not exist", answer.Exception);
    }
}
