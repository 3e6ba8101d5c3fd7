using System.Text.Json.Nodes;
using Saver.Storage.Git;
using Saver.Storage.Ids;
using Saver.Storage.Json;

namespace Saver.Storage.Katas;

/// <summary>
/// A kata in the single-blob form keeps its logs, once converted, where a kata made now would
/// (<see cref="KataLayout.LogFolder"/>): a group member's under its group, read from the
/// manifest its repository holds.
/// </summary>
public sealed class KataLogFolders : IRepositoryLogFolders
{
    public string? For(string name, RepositorySnapshot snapshot)
    {
        if (EntityId.InPath(name, EntityKind.Kata) is not { } id || KataLayout.RepositoryName(id) != name) return null;
        using var repo = snapshot.Open();
        if (snapshot.Refs.Main is null || KataGit.ReadText(snapshot.Head(repo).Tree, KataTree.Manifest) is not { } text) return null;
        try
        {
            return SaverJson.Parse(text) is JsonObject manifest ? KataLayout.LogFolder(id, manifest) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null; // a manifest that is no JSON names no group; its kata is converted as it is
        }
    }
}
