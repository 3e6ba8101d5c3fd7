using System.Text.Json.Nodes;
using Saver.Functions.Hosting;
using Saver.Storage.Katas;

namespace Saver.Functions.Api;

/// <summary>
/// Every method of the API in one place: name, verb, keywords, and a one-line call into the
/// domain. Reads are GET and writes are POST, as the original serves them.
/// </summary>
public static partial class SaverApi
{
    private static readonly string[] EditKeywords = ["id", "files", "laptop_id", "tab_seq"];
    private static readonly string[] TestKeywords = [.. EditKeywords, "stdout", "stderr", "status", "summary"];
    private static readonly string[] ClassicTestKeywords = ["id", "index", "files", "stdout", "stderr", "status", "summary"];

    /// <summary>Every method served. Each area of the API lists its methods in a file of its own.</summary>
    public static IReadOnlyList<ApiMethod> Methods { get; } =
        [.. ProbeMethods, .. KataMethods, .. KataCopyMethods, .. GroupMethods, .. ClusterMethods, .. DiffMethods, .. ArchiveMethods, .. ForkCountMethods, .. MigrationMethods];

    private static readonly Dictionary<string, ApiMethod> ByName = Methods.ToDictionary(m => m.Name, StringComparer.Ordinal);

    /// <summary>The method of that name (as the original names it, '?' and all).</summary>
    public static ApiMethod Named(string name) =>
        ByName.TryGetValue(name, out var method) ? method : throw new ArgumentException($"no API method {name}", nameof(name));

    private static IReadOnlyList<ApiMethod> ProbeMethods =>
    [
        Get("alive?", [], (a, s, ct) => Task.FromResult<JsonNode?>(true)),
        Get("ready?", [], async (a, s, ct) => await s.Readiness.IsReadyAsync(ct)),
        Get("sha", [], (a, s, ct) => Task.FromResult<JsonNode?>(s.CommitSha.Value)),
    ];

    private static IReadOnlyList<ApiMethod> KataMethods =>
    [
        Post("kata_create", ["manifest"], async (a, s, ct) => await s.Katas.CreateAsync(a.Object("manifest"), ct)),
        Get("kata_exists?", ["id"], async (a, s, ct) => await s.Katas.ExistsAsync(a["id"], ct)),
        Get("kata_manifest", ["id"], async (a, s, ct) => await s.Katas.ManifestAsync(a.Id(), ct)),
        Get("kata_events", ["id"], async (a, s, ct) => await s.Katas.EventsAnswerAsync(a.Id(), ct)),
        Get("kata_event", ["id", "index"], async (a, s, ct) => await s.Katas.EventAsync(a.Id(), a["index"], ct)),
        Get("katas_events", ["ids", "indexes"], async (a, s, ct) =>
            await s.Katas.KatasEventsAsync(KataArguments.Ids(a, "ids"), [.. a.Array("indexes")], ct)),
        Get("kata_option_get", ["id", "name"], async (a, s, ct) => await s.Katas.OptionGetAsync(a.Id(), a.String("name", nullable: true), ct)),
        Post("kata_option_set", ["id", "name", "value"], async (a, s, ct) =>
            await s.Katas.OptionSetAsync(a.Id(), a.String("name", nullable: true), a.String("value", nullable: true), ct)),

        TestEvent("kata_ran_tests", TestEventKind.RanTests),
        TestEvent("kata_predicted_right", TestEventKind.PredictedRight),
        TestEvent("kata_predicted_wrong", TestEventKind.PredictedWrong),
        TestEvent("kata_reverted", TestEventKind.Reverted),
        TestEvent("kata_checked_out", TestEventKind.CheckedOut),

        FileEvent("kata_file_create", ["filename"], a => new FileEvent.Create(a.String("filename")!)),
        FileEvent("kata_file_delete", ["filename"], a => new FileEvent.Delete(a.String("filename")!)),
        FileEvent("kata_file_rename", ["old_filename", "new_filename"],
            a => new FileEvent.Rename(a.String("old_filename")!, a.String("new_filename")!)),
        FileEvent("kata_file_edit", [], _ => new FileEvent.Edit()),
    ];


    private static ApiMethod TestEvent(string name, TestEventKind kind) =>
        Post(name, TestKeywords, async (a, s, ct) =>
        {
            await s.Katas.TestEventAsync(a.Id(), kind, KataArguments.Edit(a), KataArguments.Outcome(a), ct);
            return null;
        }) with
        {
            AcceptsPrepacked = true,
            // The older protocol (docs/api.md §6): the client sends the index instead of laptop_id and tab_seq.
            Alternative = new ApiAlternative(
                arguments => arguments.ContainsKey("index") && !arguments.ContainsKey("laptop_id") && !arguments.ContainsKey("tab_seq"),
                Parameters(ClassicTestKeywords, null),
                async (a, s, ct) => await s.Katas.ClassicTestEventAsync(
                    a.Id(), kind, a["index"], KataFiles.FromArgument(a["files"]), KataArguments.Outcome(a), ct)),
        };

    private static ApiMethod FileEvent(string name, string[] extra, Func<ApiArguments, FileEvent> fileEvent) =>
        Post(name, [.. EditKeywords, .. extra], async (a, s, ct) =>
        {
            await s.Katas.FileEventAsync(a.Id(), fileEvent(a), KataArguments.Edit(a), ct);
            return null;
        }) with { AcceptsPrepacked = true };

    private static ApiMethod Get(string name, string[] required, ApiHandler handler, string[]? optional = null) =>
        new(name, HttpMethods.Get, Parameters(required, optional), handler);

    private static ApiMethod Post(string name, string[] required, ApiHandler handler, string[]? optional = null) =>
        new(name, HttpMethods.Post, Parameters(required, optional), handler);

    private static List<ApiParameter> Parameters(string[] required, string[]? optional) =>
        [.. required.Select(n => new ApiParameter(n)), .. (optional ?? []).Select(n => new ApiParameter(n, Required: false))];
}
