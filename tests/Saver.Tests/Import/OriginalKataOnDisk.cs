using System.Text;
using System.Text.Json.Nodes;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Import;

/// <summary>
/// A kata as the original keeps it on disk, read by the spec's description of each format
/// (§4.1 for format 2, §7 for formats 0 and 1) rather than by Saver: its events.json entries
/// and the files of each event. The expected side of the end-to-end import test.
/// </summary>
public sealed class OriginalKataOnDisk
{
    private readonly string _folder;

    private OriginalKataOnDisk(string id, string folder, int version, List<JsonObject> events)
    {
        Id = id;
        _folder = folder;
        Version = version;
        Events = events;
    }

    public string Id { get; }

    public int Version { get; }

    /// <summary>events.json's entries as stored (format 0: one per line, the line number its index).</summary>
    public List<JsonObject> Events { get; }

    /// <summary>The index the API knows entry <paramref name="position"/> by.</summary>
    public int IndexAt(int position) => Version == 0 ? position : Events[position]["index"]!.GetValue<int>();

    /// <summary>The colour kata_events gives entry <paramref name="position"/>: "create" for the first.</summary>
    public string ColourAt(int position) => position == 0 ? "create" : Events[position]["colour"]!.GetValue<string>();

    public static OriginalKataOnDisk Read(string cyberDojo, string id)
    {
        var folder = Path.Combine(cyberDojo, "katas", id[..2], id[2..4], id[4..]);
        if (Directory.Exists(Path.Combine(folder, ".git")))
        {
            var git = Path.Combine(folder, ".git");
            var events = JsonNode.Parse(GitCli.Run(git, "--git-dir", git, "show", "main:events.json"))!.AsArray();
            return new OriginalKataOnDisk(id, folder, 2, [.. events.Select(e => e!.AsObject())]);
        }
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")))!.AsObject();
        var version = manifest["version"]?.GetValue<int>() ?? 0;
        var text = File.ReadAllText(Path.Combine(folder, "events.json"));
        var entries = version == 0
            ? text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject()).ToList()
            : JsonNode.Parse("[" + text + "]")!.AsArray().Select(e => e!.AsObject()).ToList();
        return new OriginalKataOnDisk(id, folder, version, entries);
    }

    /// <summary>The files of the event with index <paramref name="index"/>.</summary>
    public SortedDictionary<string, string> FilesAt(int index)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        switch (Version)
        {
            case 0:
                foreach (var (name, file) in EventJson(Path.Combine(_folder, index.ToString(), "event.json")))
                    files[name] = string.Concat(file!["content"]!.AsArray().Select(line => line!.GetValue<string>()));
                break;
            case 1:
                foreach (var (name, file) in EventJson(Path.Combine(_folder, index + ".event.json")))
                    files[name] = file!["content"]!.GetValue<string>();
                break;
            default:
                // The original's katas at event 0 have a working tree that is what tag 0 holds; later
                // events are read through git.
                var git = Path.Combine(_folder, ".git");
                foreach (var path in GitCli.Lines(GitCli.Run(git, "--git-dir", git, "ls-tree", "-r", "--name-only", index.ToString(), "--", "files/")))
                    files[path["files/".Length..]] = index == 0
                        ? File.ReadAllText(Path.Combine(_folder, path), Encoding.UTF8)
                        : GitCli.Run(git, "--git-dir", git, "show", $"{index}:{path}");
                break;
        }
        return files;
    }

    private static JsonObject EventJson(string path) => JsonNode.Parse(File.ReadAllText(path))!["files"]!.AsObject();
}

/// <summary>A group as the original keeps it on disk: its manifest's version and its members by index.</summary>
public sealed record OriginalGroupOnDisk(string Id, int Version, SortedDictionary<int, string> Members)
{
    public static OriginalGroupOnDisk Read(string cyberDojo, string id)
    {
        var folder = Path.Combine(cyberDojo, "groups", id[..2], id[2..4], id[4..]);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")))!.AsObject();
        var version = manifest["version"]?.GetValue<int>() ?? 0;
        var members = new SortedDictionary<int, string>();
        if (version == 0)
        {
            foreach (var kataId in Directory.GetFiles(folder, "kata.id", SearchOption.AllDirectories))
                members[int.Parse(Path.GetFileName(Path.GetDirectoryName(kataId))!)] = File.ReadAllText(kataId).Trim();
        }
        else
        {
            foreach (var line in File.ReadAllLines(Path.Combine(folder, "katas.txt")).Where(l => l.Length > 0))
            {
                var parts = line.Split(' ');
                members[int.Parse(parts[1])] = parts[0];
            }
        }
        return new OriginalGroupOnDisk(id, version, members);
    }
}
