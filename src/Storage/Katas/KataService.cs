using System.Text.Json.Nodes;
using Saver.Storage.Blobs;
using Saver.Storage.Forks;
using Saver.Storage.Git;
using Saver.Storage.Ids;
using Saver.Storage.Json;
using Saver.Storage.Katas.Legacy;
using Saver.Storage.Migration;

namespace Saver.Storage.Katas;

/// <summary>
/// The kata operations of the saver API in domain terms: arguments parsed, results as the
/// JSON values the API returns. Unknown ids raise <see cref="UnknownIdException"/> (400),
/// writes to old formats <see cref="WriteNotSupportedException"/> (505), anything else a
/// <see cref="SaverException"/> (500), each with the original's message.
/// </summary>
/// <param name="migrateOnWrite">Migrates an old-format kata a write is sent to, when enabled; without it such writes are 505.</param>
public sealed partial class KataService(Format2Katas format2, IBlobStore blobs, IdGenerator ids, TimeProvider time, ForkIndex forks,
    MigrateOnWrite? migrateOnWrite = null)
{
    private readonly LegacyKatas _legacy = new(blobs);

    /// <summary>kata_create: a new format-2 kata; its visible_files become event 0. Null when no free id was found.</summary>
    public Task<string?> CreateAsync(JsonObject manifest, CancellationToken cancellationToken = default) =>
        CreateAsync(manifest, forkedFrom: null, cancellationToken);

    /// <param name="forkedFrom">For kata_fork: the content copied, under which the fork index records the new kata.</param>
    private async Task<string?> CreateAsync(JsonObject manifest, ForkOrigin? forkedFrom, CancellationToken cancellationToken)
    {
        var version = ManifestVersion(manifest["version"], 2);
        if (version is 0 or 1) throw new WriteNotSupportedException($"Kata_v{version}: write not supported");
        var stored = (JsonObject)manifest.DeepClone();
        stored["version"] = 2;
        stored["created"] = KataTime.Now(time);
        var files = KataFiles.FromVisibleFiles(stored["visible_files"]);
        stored.Remove("visible_files");
        Func<EntityId, CancellationToken, Task<bool>> tryCreate = (candidate, ct) =>
        {
            stored["id"] = candidate.Value;
            return format2.TryCreateAsync(candidate, stored, files, ct);
        };
        if (forkedFrom is not null) tryCreate = forks.Recording(forkedFrom, EntityKind.Kata, tryCreate);
        var id = await ids.GenerateAsync(EntityKind.Kata, tryCreate, cancellationToken).ConfigureAwait(false);
        return id?.Value;
    }

    /// <summary>kata_exists?: false for anything that is not the id of an existing kata.</summary>
    public async Task<bool> ExistsAsync(JsonNode? id, CancellationToken cancellationToken = default) =>
        id is JsonValue v && v.TryGetValue<string>(out var s) && EntityId.TryParse(s, out var parsed) &&
        await blobs.AnyAsync(KataLayout.Prefix(parsed), cancellationToken).ConfigureAwait(false);

    public async Task<JsonObject> ManifestAsync(string id, CancellationToken cancellationToken = default)
    {
        using var kata = await OpenAsync(id, cancellationToken).ConfigureAwait(false);
        return await kata.ManifestAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonArray> EventsAsync(string id, CancellationToken cancellationToken = default)
    {
        using var kata = await OpenAsync(id, cancellationToken).ConfigureAwait(false);
        return await kata.EventsAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>kata_events as the answer carries it (see <see cref="IKataReader.EventsAnswerAsync"/>).</summary>
    public async Task<JsonNode> EventsAnswerAsync(string id, CancellationToken cancellationToken = default)
    {
        using var kata = await OpenAsync(id, cancellationToken).ConfigureAwait(false);
        return await kata.EventsAnswerAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A kata's events as group_joined's answer carries them: kata_events, except that entry 0
    /// of a format 0 or 1 kata has no colour (docs/api.md §3.3).
    /// </summary>
    public Task<JsonNode> JoinedEventsAsync(string id, CancellationToken cancellationToken = default) =>
        JoinedEventsAsync(id, null, cancellationToken);

    /// <inheritdoc cref="JoinedEventsAsync(string, CancellationToken)"/>
    /// <param name="listed">The kata's log's ETag as a listing of its group's logs gave it moments ago, if it did.</param>
    public async Task<JsonNode> JoinedEventsAsync(string id, LogListing? listed, CancellationToken cancellationToken)
    {
        using var kata = await OpenAsync(id, listed, cancellationToken).ConfigureAwait(false);
        if (kata.Version == 2) return await kata.EventsAnswerAsync(cancellationToken).ConfigureAwait(false);
        var events = await kata.EventsAsync(cancellationToken).ConfigureAwait(false);
        if (events.Count > 0 && events[0] is JsonObject first) first.Remove("colour");
        return events;
    }

    public async Task<JsonObject> EventAsync(string id, JsonNode? index, CancellationToken cancellationToken = default)
    {
        var position = RubyValues.ToI(index);
        using var kata = await OpenAsync(id, cancellationToken).ConfigureAwait(false);
        return await kata.EventAsync(position, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The files of event <paramref name="index"/> (Ruby to_i; negative counts from the end), with kata_event's index errors.</summary>
    public async Task<SortedDictionary<string, string>> FilesAtAsync(string id, JsonNode? index, CancellationToken cancellationToken = default)
    {
        var position = RubyValues.ToI(index);
        using var kata = await OpenAsync(id, cancellationToken).ConfigureAwait(false);
        return await kata.FilesAtAsync(position, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><see cref="FilesAtAsync"/>, with the names in the order the event holds them (see <see cref="IKataReader.FilesInOrderAtAsync"/>).</summary>
    public async Task<(SortedDictionary<string, string> Files, IReadOnlyList<string> Order)> FilesInOrderAtAsync(string id, JsonNode? index,
        CancellationToken cancellationToken = default)
    {
        var position = RubyValues.ToI(index);
        using var kata = await OpenAsync(id, cancellationToken).ConfigureAwait(false);
        return await kata.FilesInOrderAtAsync(position, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonNode?> OptionGetAsync(string id, string? name, CancellationToken cancellationToken = default)
    {
        using var kata = await OpenAsync(id, cancellationToken).ConfigureAwait(false);
        return await kata.OptionGetAsync(name ?? "", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// kata_option_set: null when the option already has the value, else "" (as upstream
    /// answers). The kata's format is settled first, so any set on format 0 or 1 is a 505.
    /// </summary>
    public async Task<string?> OptionSetAsync(string id, string? name, string? value, CancellationToken cancellationToken = default)
    {
        var kataId = ParseId(id);
        string? result = null;
        await WriteAsync(kataId, writer =>
        {
            KataOptions.ThrowUnlessKnown(name);
            KataOptions.ThrowUnlessAllowed(name!, value);
            var options = writer.HeadOptions();
            if (options[name!] is JsonValue current && current.TryGetValue<string>(out var now) && now == value) return;
            options[name!] = value;
            writer.CommitOptions(options, $"set option {name} to {value}");
            result = "";
        }, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>A test-family write: the implicit edit where the spec has one, then the light.</summary>
    public Task TestEventAsync(string id, TestEventKind kind, KataEdit edit, TestOutcome outcome,
        CancellationToken cancellationToken = default)
    {
        var kataId = ParseId(id);
        var message = TestEventMessage(kind, outcome.Summary);
        return WriteAsync(kataId, writer =>
        {
            if (kind is TestEventKind.RanTests or TestEventKind.PredictedRight or TestEventKind.PredictedWrong)
                writer.ImplicitEdit(edit);
            writer.Commit(edit, edit.Files, outcome.Stdout, outcome.Stderr, outcome.Status, outcome.Summary, message);
        }, cancellationToken);
    }

    /// <summary>A file write: the implicit edit, then (except for a plain edit) the file event.</summary>
    public Task FileEventAsync(string id, FileEvent fileEvent, KataEdit edit, CancellationToken cancellationToken = default)
    {
        var kataId = ParseId(id);
        return WriteAsync(kataId, writer =>
        {
            writer.ImplicitEdit(edit);
            var files = new Dictionary<string, string>(edit.Files, StringComparer.Ordinal);
            JsonObject summary;
            string message;
            switch (fileEvent)
            {
                case FileEvent.Create create:
                    KataFiles.ThrowUnlessSafe(create.Filename);
                    files[create.Filename] = "";
                    summary = new JsonObject { ["colour"] = "file_create", ["filename"] = create.Filename };
                    message = $"created file {create.Filename}";
                    break;
                case FileEvent.Delete delete:
                    files.Remove(delete.Filename);
                    summary = new JsonObject { ["colour"] = "file_delete", ["filename"] = delete.Filename };
                    message = $"deleted file {delete.Filename}";
                    break;
                case FileEvent.Rename rename:
                    KataFiles.ThrowUnlessSafe(rename.NewFilename);
                    if (!files.Remove(rename.OldFilename, out var content))
                        throw new SaverException($"Cannot rename {rename.OldFilename}: it is not one of the files");
                    files[rename.NewFilename] = content;
                    summary = new JsonObject
                    {
                        ["colour"] = "file_rename",
                        ["old_filename"] = rename.OldFilename,
                        ["new_filename"] = rename.NewFilename,
                    };
                    message = $"renamed file {rename.OldFilename} to {rename.NewFilename}";
                    break;
                default:
                    return;
            }
            KataFiles.ThrowIfConflicting(files.Keys);
            writer.Commit(edit, files, KataOutput.Empty, KataOutput.Empty, "0", summary, message);
        }, cancellationToken);
    }

    internal static string TestEventMessage(TestEventKind kind, JsonObject summary) => kind switch
    {
        TestEventKind.RanTests => $"ran tests, no prediction, got {Interpolate(summary["colour"])}",
        TestEventKind.PredictedRight or TestEventKind.PredictedWrong =>
            $"ran tests, predicted {Interpolate(summary["predicted"])}, got {Interpolate(summary["colour"])}",
        TestEventKind.Reverted => "reverted to " + SaverJson.Compact(RevertTarget(summary)),
        TestEventKind.CheckedOut => "checked out " + SaverJson.Compact(summary["checkout"]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static JsonObject RevertTarget(JsonObject summary) =>
        summary["revert"] is JsonArray { Count: >= 2 } revert
            ? new JsonObject { ["id"] = revert[0]?.DeepClone(), ["index"] = revert[1]?.DeepClone() }
            : throw new SaverException("summary.revert must be [id, index]");

    /// <summary>A value as Ruby's string interpolation shows it.</summary>
    private static string Interpolate(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value is null ? "" : SaverJson.Compact(value);

    private async Task WriteAsync(EntityId id, Action<KataHistoryWriter> write, CancellationToken cancellationToken)
    {
        try
        {
            await format2.WriteAsync(id, write, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (BlobNotFoundException)
        {
            // No repository: an old-format kata (read-only unless it may be migrated first) or no kata at all.
            var (_, version) = await LegacyManifestAsync(id, cancellationToken).ConfigureAwait(false);
            if (migrateOnWrite is null || !await migrateOnWrite.TryMigrateKataAsync(id, cancellationToken).ConfigureAwait(false))
                throw new WriteNotSupportedException($"Kata_v{version}: write not supported");
        }
        await format2.WriteAsync(id, write, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The kata as stored now (docs/api.md §4.1, "Version"): format 2 when it has a repository, else
    /// the original's files in the format its manifest.json names.
    /// </summary>
    private Task<IKataReader> OpenAsync(string id, CancellationToken cancellationToken) => OpenAsync(id, null, cancellationToken);

    private async Task<IKataReader> OpenAsync(string id, LogListing? listed, CancellationToken cancellationToken)
    {
        var kataId = ParseId(id);
        var snapshot = await format2.OpenAsync(kataId, listed, cancellationToken).ConfigureAwait(false);
        if (snapshot is not null) return new Format2KataReader(format2, snapshot);
        var (manifest, version) = await LegacyManifestAsync(kataId, cancellationToken).ConfigureAwait(false);
        return await _legacy.OpenAsync(kataId, version, manifest, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The manifest and format (0 or 1; missing means 0) of a kata without a repository. No
    /// manifest: the kata does not exist. Version 2: its repository is gone.
    /// </summary>
    private async Task<(JsonObject Manifest, int Version)> LegacyManifestAsync(EntityId id, CancellationToken cancellationToken)
    {
        var download = await blobs.GetAsync(KataLayout.BlobName(id, KataLayout.ManifestBlob), cancellationToken: cancellationToken)
            .ConfigureAwait(false) ?? throw new UnknownIdException($"kata {id} does not exist");
        var manifest = SaverJson.Parse(download.Content.Span) as JsonObject
            ?? throw new SaverException($"kata {id} manifest.json is not a JSON object");
        var version = ManifestVersion(manifest["version"], 0);
        if (version == 2) throw new SaverException($"kata {id} has no .git but manifest version is 2");
        if (version is not (0 or 1)) throw new SaverException($"kata {id} has manifest version {version}, which is not 0, 1 or 2");
        return (manifest, (int)version);
    }

    private static EntityId ParseId(string? id) =>
        EntityId.TryParse(id, out var parsed) ? parsed : throw new UnknownIdException($"kata {id} does not exist");

    /// <summary>A manifest's version as the original reads it: <c>(version || default).to_i</c>.</summary>
    internal static long ManifestVersion(JsonNode? version, long missing) =>
        version is null ? missing : RubyValues.ToI(version);
}
