using System.Text;
using System.Text.Json.Nodes;
using Saver.Benchmarks.Infrastructure;
using Saver.Benchmarks.Workload;
using Saver.Storage.Json;
using Saver.Storage.Katas;

namespace Saver.Benchmarks.Scenarios;

/// <summary>
/// THE BASELINE: a re-creation of how the original saver stores an event — a git working
/// tree on local disk and the git command line — not the Ruby service itself, which is not
/// available here. For each event it rewrites the kata's files (files/ replaced wholesale,
/// events.json rewritten whole, stdout, stderr, status, truncations.json) in the working
/// tree, then runs three git processes: <c>git add -A</c>, <c>git commit -m "N …"</c> and
/// <c>git tag N</c>. A kata_ran_tests with an edited file is two such events (the file_edit
/// and the light), so six git processes.
/// <para>It leaves out what the original also does per event and Saver's figures include
/// (parsing the request, reading the kata back from git, de-duplication, computing the diff
/// counts): the baseline is if anything faster than the original, never slower.</para>
/// </summary>
public sealed class BaselineDiskGitScenario : KataScenario
{
    private const string KataIdValue = "Bench1";
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private ScratchDirectory? _scratch;
    private GitCommand? _git;

    /// <summary>The kata's working tree (and its .git), on local disk.</summary>
    public string WorkTree => Git.WorkTree;

    /// <summary>The git command line in <see cref="WorkTree"/>.</summary>
    public GitCommand Git => _git ?? throw new InvalidOperationException("PrepareAsync first");

    private string PreparedCopy => Path.Combine(_scratch!.Path, "prepared");

    public override Task RestoreAsync(CancellationToken cancellationToken)
    {
        Directory.Delete(WorkTree, recursive: true);
        ScratchDirectory.Copy(PreparedCopy, WorkTree);
        return Task.CompletedTask;
    }

    public override async Task<int> CountEventsAsync(CancellationToken cancellationToken)
    {
        var events = await Git.RunAsync(cancellationToken, "show", "HEAD:" + KataTree.Events).ConfigureAwait(false);
        return (SaverJson.Parse(events) as JsonArray)?.Count ?? throw new InvalidOperationException("events.json is not an array");
    }

    protected override Task StartAsync(CancellationToken cancellationToken)
    {
        _scratch = new ScratchDirectory("baseline");
        var home = Path.Combine(_scratch.Path, "home");
        var workTree = Path.Combine(_scratch.Path, "kata");
        Directory.CreateDirectory(home);
        Directory.CreateDirectory(workTree);
        _git = new GitCommand(workTree, home);
        return Task.CompletedTask;
    }

    protected override async Task CreateKataAsync(CancellationToken cancellationToken)
    {
        await Git.RunAsync(cancellationToken, "init", "--quiet", "--initial-branch=main").ConfigureAwait(false);
        await Git.RunAsync(cancellationToken, "config", "user.name", KataIdValue).ConfigureAwait(false);
        await Git.RunAsync(cancellationToken, "config", "user.email", $"{KataIdValue}@cyber-dojo.org").ConfigureAwait(false);

        var manifest = BenchKata.Manifest();
        var files = KataFiles.FromVisibleFiles(manifest["visible_files"]);
        manifest.Remove("visible_files");
        manifest["version"] = 2;
        manifest["created"] = KataTime.Now(TimeProvider.System);
        manifest["id"] = KataIdValue;
        await WriteAsync(KataTree.Manifest, SaverJson.Pretty(manifest), cancellationToken).ConfigureAwait(false);
        await WriteAsync(KataTree.Options, SaverJson.Pretty(KataOptions.DefaultsObject()), cancellationToken).ConfigureAwait(false);
        await WriteAsync(KataTree.Readme, KataReadme.For(manifest), cancellationToken).ConfigureAwait(false);
        var events = new JsonArray(new JsonObject { ["index"] = 0, ["event"] = "created", ["time"] = manifest["created"]!.DeepClone() });
        await WriteFilesAsync(files, cancellationToken).ConfigureAwait(false);
        await WriteAsync(KataTree.Events, SaverJson.Pretty(events), cancellationToken).ConfigureAwait(false);
        await CommitAndTagAsync(0, "kata creation", cancellationToken).ConfigureAwait(false);
    }

    protected override async Task SendAsync(RanTests write, CancellationToken cancellationToken)
    {
        var events = SaverJson.Parse(await File.ReadAllTextAsync(Path.Combine(WorkTree, KataTree.Events), cancellationToken)
            .ConfigureAwait(false)) as JsonArray ?? throw new InvalidOperationException("events.json is not an array");
        if (write.EditedFile is { } edited)
        {
            var edit = new JsonObject { ["colour"] = "file_edit", ["filename"] = edited };
            // The bench's edits change one line: 1 added, 1 deleted.
            await SaveEventAsync(events, write, edit, "", "", "0", added: 1, deleted: 1, $"edited file {edited}", cancellationToken)
                .ConfigureAwait(false);
        }
        await SaveEventAsync(events, write, write.Summary(), write.Stdout, write.Stderr, write.Status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            added: 0, deleted: 0, $"ran tests, no prediction, got {write.Colour}", cancellationToken).ConfigureAwait(false);
    }

    protected override Task KeepPreparedStateAsync(CancellationToken cancellationToken)
    {
        ScratchDirectory.Copy(WorkTree, PreparedCopy);
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        _scratch?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task SaveEventAsync(JsonArray events, RanTests write, JsonObject summary, string stdout, string stderr,
        string status, int added, int deleted, string message, CancellationToken cancellationToken)
    {
        var index = events.Count;
        var entry = (JsonObject)summary.DeepClone();
        entry["index"] = index;
        entry["time"] = KataTime.Now(TimeProvider.System);
        entry["diff_added_count"] = added;
        entry["diff_deleted_count"] = deleted;
        entry["laptop_id"] = BenchKata.LaptopId;
        entry["tab_seq"] = write.TabSeq;
        events.Add(entry);

        await WriteFilesAsync(write.Files, cancellationToken).ConfigureAwait(false);
        await WriteAsync(KataTree.Events, SaverJson.Pretty(events), cancellationToken).ConfigureAwait(false);
        await WriteAsync(KataTree.Stdout, stdout, cancellationToken).ConfigureAwait(false);
        await WriteAsync(KataTree.Stderr, stderr, cancellationToken).ConfigureAwait(false);
        await WriteAsync(KataTree.Status, status, cancellationToken).ConfigureAwait(false);
        await WriteAsync(KataTree.Truncations, SaverJson.Pretty(new JsonObject { ["stdout"] = false, ["stderr"] = false }), cancellationToken)
            .ConfigureAwait(false);
        await CommitAndTagAsync(index, message, cancellationToken).ConfigureAwait(false);
    }

    private async Task CommitAndTagAsync(int index, string message, CancellationToken cancellationToken)
    {
        var tag = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Git.RunAsync(cancellationToken, "add", "-A").ConfigureAwait(false);
        await Git.RunAsync(cancellationToken, "commit", "--quiet", "-m", $"{tag} {message}").ConfigureAwait(false);
        await Git.RunAsync(cancellationToken, "tag", tag).ConfigureAwait(false);
    }

    /// <summary>files/ replaced wholesale by <paramref name="files"/>.</summary>
    private async Task WriteFilesAsync(IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(WorkTree, KataTree.Files);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        foreach (var (name, content) in files) await WriteAsync(Path.Combine(KataTree.Files, name), content, cancellationToken).ConfigureAwait(false);
    }

    private Task WriteAsync(string relativePath, string content, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(Path.Combine(WorkTree, relativePath), content, Utf8, cancellationToken);
}
