using System.Text.Json.Nodes;
using Saver.Storage.Git;

namespace Saver.Storage.Katas;

/// <summary>A format-2 kata read at one snapshot of its repository.</summary>
public sealed class Format2KataReader(Format2Katas format2, RepositorySnapshot snapshot) : IKataReader
{
    public int Version => 2;

    public Task<JsonObject> ManifestAsync(CancellationToken cancellationToken) => Task.FromResult(format2.Manifest(snapshot));

    public Task<JsonArray> EventsAsync(CancellationToken cancellationToken) => Task.FromResult(format2.Events(snapshot));

    public Task<JsonNode> EventsAnswerAsync(CancellationToken cancellationToken) => Task.FromResult(format2.EventsAnswer(snapshot));

    public Task<JsonObject> EventAsync(long index, CancellationToken cancellationToken) =>
        Task.FromResult(format2.Event(snapshot, index));

    public Task<SortedDictionary<string, string>> FilesAtAsync(long index, CancellationToken cancellationToken) =>
        Task.FromResult(format2.FilesAt(snapshot, index));

    public Task<(SortedDictionary<string, string> Files, IReadOnlyList<string> Order)> FilesInOrderAtAsync(long index,
        CancellationToken cancellationToken)
    {
        var files = format2.FilesAt(snapshot, index);
        return Task.FromResult<(SortedDictionary<string, string>, IReadOnlyList<string>)>((files, [.. files.Keys]));
    }

    public Task<JsonNode?> OptionGetAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(format2.OptionGet(snapshot, name));

    public void Dispose() => snapshot.Dispose();
}
