using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Saver.Storage.Blobs;
using Saver.Storage.Ids;
using Saver.Storage.Json;
using Saver.Storage.Katas;

namespace Saver.Storage.Import;

/// <summary>
/// Reads a data folder of the original into <see cref="PlannedEntity"/>s, touching no store:
/// it finds the entity folders (<c>katas/Ab/Cd/Ef</c> and the like), tells their formats
/// apart and converts format-2 katas' repositories, so that every problem with the input
/// shows before anything is stored.
/// </summary>
public sealed class DataFolderPlanner(string workFolder, ILogger logger)
{
    private const string GitFolder = ".git";
    private const string ManifestFile = "manifest.json";
    private const string EmptyFolderMarker = ".dir";

    private readonly Format2KataConverter _converter = new(workFolder);

    /// <summary>
    /// The entity folders under <paramref name="root"/>. Anything else there (a stray file, a
    /// folder not named like a piece of an id) is left out and reported to <paramref name="skipped"/>.
    /// </summary>
    /// <exception cref="ImportException">A symbolic link, which is refused wherever it is.</exception>
    public List<EntityFolder> FindEntities(string root, Action<string> skipped)
    {
        var found = new List<EntityFolder>();
        foreach (var kind in new[] { EntityKind.Kata, EntityKind.Group, EntityKind.Cluster })
        {
            var top = Path.Combine(root, kind.Folder());
            if (!Directory.Exists(top)) continue;
            LinkGuard.Refuse(new DirectoryInfo(top));
            foreach (var (id, path) in IdFolders(top, "", 0, skipped))
                found.Add(new EntityFolder(kind, id, path));
        }
        return found;
    }

    private static IEnumerable<(EntityId Id, string Path)> IdFolders(string folder, string idSoFar, int depth, Action<string> skipped)
    {
        foreach (var entry in Sorted(new DirectoryInfo(folder)))
        {
            LinkGuard.Refuse(entry);
            var id = idSoFar + entry.Name;
            if (entry is not DirectoryInfo || entry.Name.Length != 2 || (depth == 2 ? !EntityId.IsValid(id) : !id.All(EntityId.Alphabet.Contains)))
            {
                skipped(entry.FullName);
                continue;
            }
            if (depth == 2)
            {
                yield return (EntityId.Parse(id), entry.FullName);
                continue;
            }
            foreach (var inner in IdFolders(entry.FullName, id, depth + 1, skipped)) yield return inner;
        }
    }

    /// <summary>What to store for one entity folder; converts a format-2 kata's repository.</summary>
    /// <exception cref="ImportException">The folder cannot be imported as it is.</exception>
    public PlannedEntity Plan(EntityFolder entity)
    {
        var prefix = entity.Id.PathUnder(entity.Kind);
        var git = Path.Combine(entity.Path, GitFolder);
        if (entity.Kind == EntityKind.Kata && (Directory.Exists(git) || File.Exists(git)))
            return PlanFormat2Kata(entity, git, prefix);

        var blobs = new List<PlannedBlob>();
        PlannedBlob? manifest = null;
        foreach (var (relative, file) in PlainFiles(entity.Path, ""))
        {
            var blob = new PlannedBlob(BlobNameFor(prefix, relative, entity), file);
            if (relative == ManifestFile) manifest = blob;
            else blobs.Add(blob);
        }
        if (manifest is not null) blobs.Add(manifest);
        var format = Format(entity, manifest?.SourceFile);
        if (entity.Kind == EntityKind.Kata && format == 2)
            logger.LogWarning("kata {Id} has no .git but its manifest says version 2; imported as it is, and it will read as the original reads it (an error)", entity.Id);
        return new PlannedEntity(entity.Kind, entity.Id, format, blobs);
    }

    private PlannedEntity PlanFormat2Kata(EntityFolder entity, string git, string prefix)
    {
        if (!Directory.Exists(git))
            throw new ImportException($"kata {entity.Id}: {git} is a file, not a folder (a linked worktree); only .git folders are imported");
        LinkGuard.Refuse(new DirectoryInfo(git));
        var archive = Path.Combine(workFolder, $"repository-{entity.Id}-{Guid.NewGuid():N}.tar");
        var manifestAtHead = _converter.Convert(entity.Id, git, archive);
        var manifest = Path.Combine(entity.Path, ManifestFile);
        if (File.Exists(manifest))
        {
            LinkGuard.Refuse(new FileInfo(manifest));
        }
        else if (manifestAtHead is not null)
        {
            manifest = Path.Combine(workFolder, $"manifest-{entity.Id}-{Guid.NewGuid():N}.json");
            File.WriteAllBytes(manifest, manifestAtHead);
        }
        else
        {
            throw new ImportException($"kata {entity.Id}: neither its folder nor its repository has a {ManifestFile}");
        }
        // The repository first: until it is stored the kata does not exist for Saver, and
        // once it is, a re-import finds it and leaves whatever was written since alone.
        return new PlannedEntity(EntityKind.Kata, entity.Id, 2,
        [
            new PlannedBlob(prefix + KataLayout.RepositoryBlob, archive),
            new PlannedBlob(prefix + KataLayout.ManifestBlob, manifest),
        ]);
    }

    /// <summary>
    /// Every file under <paramref name="folder"/> as (path relative to it, file), and every empty
    /// folder as (its path + "/.dir", null), in ordinal order. Links are refused.
    /// </summary>
    public static IEnumerable<(string Relative, string? File)> PlainFiles(string folder, string relative)
    {
        var any = false;
        foreach (var entry in Sorted(new DirectoryInfo(folder)))
        {
            LinkGuard.Refuse(entry);
            any = true;
            var path = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
            if (entry is DirectoryInfo)
            {
                foreach (var inner in PlainFiles(entry.FullName, path)) yield return inner;
            }
            else
            {
                yield return (path, entry.FullName);
            }
        }
        if (!any) yield return (relative.Length == 0 ? EmptyFolderMarker : relative + "/" + EmptyFolderMarker, null);
    }

    private static string BlobNameFor(string prefix, string relative, EntityFolder entity)
    {
        var name = prefix + relative;
        return BlobName.IsValid(name)
            ? name
            : throw new ImportException($"{entity.Kind.Name()} {entity.Id}: the file {relative} has a name no blob can have");
    }

    /// <summary>The format the original reads from the manifest: <c>version</c>, missing meaning 0.</summary>
    private int Format(EntityFolder entity, string? manifestFile)
    {
        if (manifestFile is null)
        {
            logger.LogWarning("{Kind} {Id} has no {Manifest}; imported as format 0", entity.Kind.Name(), entity.Id, ManifestFile);
            return 0;
        }
        try
        {
            var manifest = SaverJson.Parse(File.ReadAllBytes(manifestFile)) as JsonObject;
            return manifest?["version"] is { } version ? (int)Math.Clamp(RubyValues.ToI(version), 0, int.MaxValue) : 0;
        }
        catch (Exception e) when (e is JsonException or SaverException)
        {
            logger.LogWarning("{Kind} {Id} has a {Manifest} that is not JSON; imported as format 0", entity.Kind.Name(), entity.Id, ManifestFile);
            return 0;
        }
    }

    private static IEnumerable<FileSystemInfo> Sorted(DirectoryInfo folder) =>
        folder.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal);
}
