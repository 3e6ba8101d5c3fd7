using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;
using Saver.Storage;
using Saver.Storage.IO;
using Saver.Storage.Json;
using Saver.Storage.Katas;

namespace Saver.Functions.Api;

/// <summary>
/// A kata write sent "prepacked" (docs/prepacked-writes.md): a gzip'd tar holding the files
/// the browser sent to the runner under <c>files/</c> and the other arguments in
/// <c>event.json</c>, with the runner's <c>created</c>, <c>changed</c> and <c>deleted</c>.
/// It becomes exactly the arguments object the JSON form of the same write carries, so the
/// same keyword checks and the same handler serve it. Every flaw in the package is a 400.
/// </summary>
public static class PrepackedArguments
{
    public const string EventMember = "event.json";
    private const string FilesFolder = "files";
    private static readonly string[] RunnerKeys = ["created", "changed", "deleted"];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Whether a request's Content-Type says its body is a gzip'd tar.</summary>
    public static bool IsPrepacked(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) &&
        (parsed.MediaType.Equals("application/gzip", StringComparison.OrdinalIgnoreCase) ||
         parsed.MediaType.Equals("application/x-gzip", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The arguments: event.json's keys (bar created, changed and deleted) in their order, then
    /// <c>files</c>: the tar's files, with changed and created written over them and deleted removed.
    /// </summary>
    public static JsonObject From(IReadOnlyList<TarMember> members)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        byte[]? eventJson = null;
        foreach (var member in members)
        {
            if (member.Name == EventMember && !member.IsFolder)
                eventJson = member.Content;
            else if (member.Name == FilesFolder && member.IsFolder)
                continue;
            else if (member.Name.StartsWith(FilesFolder + "/", StringComparison.Ordinal))
            {
                if (member.IsFolder) continue;
                var name = member.Name[(FilesFolder.Length + 1)..];
                ThrowUnlessSafe(name, $"tar member {Quote(member.Name)}");
                files[name] = Text(member);
            }
            else
                throw new RequestException($"tar member {Quote(member.Name)} is outside {FilesFolder}/ (only {EventMember} may be)");
        }
        var arguments = EventArguments(eventJson);
        ApplyRunnerChanges(files, arguments);
        ThrowIfConflicting(files.Keys);
        var filesJson = new JsonObject();
        foreach (var (name, content) in files) filesJson[name] = new JsonObject { ["content"] = content };
        arguments["files"] = filesJson;
        return arguments;
    }

    private static JsonObject EventArguments(byte[]? eventJson)
    {
        if (eventJson is null) throw new RequestException($"{EventMember} is missing: the tar must hold the write's other arguments in it");
        JsonNode? parsed;
        try
        {
            parsed = SaverJson.Parse(eventJson);
        }
        catch (JsonException)
        {
            throw new RequestException($"{EventMember} is not JSON");
        }
        if (parsed is not JsonObject arguments) throw new RequestException($"{EventMember} is not a JSON object");
        if (arguments.ContainsKey("files"))
            throw new RequestException($"{EventMember} must not hold files: they are the tar's {FilesFolder}/ members");
        return arguments;
    }

    /// <summary>The runner's report, taken out of the arguments and applied to the files.</summary>
    private static void ApplyRunnerChanges(SortedDictionary<string, string> files, JsonObject arguments)
    {
        var changed = Contents(arguments, "changed");
        var created = Contents(arguments, "created");
        var deleted = Names(arguments, "deleted");
        foreach (var key in RunnerKeys) arguments.Remove(key);

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (list, names) in new (string, IEnumerable<string>)[] { ("changed", changed.Keys), ("created", created.Keys), ("deleted", deleted) })
            foreach (var name in names)
                if (!seen.TryAdd(name, list))
                    throw new RequestException($"{EventMember}: {Quote(name)} is in both {seen[name]} and {list}");

        foreach (var (name, content) in changed) files[name] = content;
        foreach (var (name, content) in created) files[name] = content;
        foreach (var name in deleted) files.Remove(name);
    }

    /// <summary>created or changed: filename → content, or filename → {"content": …} as the runner reports it.</summary>
    private static Dictionary<string, string> Contents(JsonObject arguments, string key)
    {
        var contents = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (arguments[key])
        {
            case null:
                return contents;
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    ThrowUnlessSafe(name, $"{EventMember} {key}");
                    contents[name] = value switch
                    {
                        JsonValue v when v.TryGetValue<string>(out var s) => s,
                        JsonObject { } file when file["content"] is JsonValue c && c.TryGetValue<string>(out var s) => s,
                        _ => throw new RequestException(
                            $"{EventMember} {key}[{Quote(name)}] must be a string or an object with a string \"content\""),
                    };
                }
                return contents;
            default:
                throw new RequestException($"{EventMember} {key} must be an object of filename => content");
        }
    }

    private static List<string> Names(JsonObject arguments, string key)
    {
        if (arguments[key] is null) return [];
        if (arguments[key] is not JsonArray array) throw new RequestException($"{EventMember} {key} must be an array of filenames");
        var names = new List<string>();
        foreach (var item in array)
        {
            if (item is not JsonValue v || !v.TryGetValue<string>(out var name))
                throw new RequestException($"{EventMember} {key} must be an array of filenames");
            ThrowUnlessSafe(name, $"{EventMember} {key}");
            names.Add(name);
        }
        return names;
    }

    private static string Text(TarMember member)
    {
        try
        {
            return StrictUtf8.GetString(member.Content);
        }
        catch (DecoderFallbackException)
        {
            throw new RequestException($"tar member {Quote(member.Name)} is not UTF-8 text");
        }
    }

    private static void ThrowUnlessSafe(string name, string where)
    {
        try
        {
            KataFiles.ThrowUnlessSafe(name);
        }
        catch (SaverException e)
        {
            throw new RequestException($"{where}: {e.Message}");
        }
    }

    private static void ThrowIfConflicting(IEnumerable<string> names)
    {
        try
        {
            KataFiles.ThrowIfConflicting(names);
        }
        catch (SaverException e)
        {
            throw new RequestException(e.Message);
        }
    }

    private static string Quote(string name) => JsonSerializer.Serialize(name);
}
