using System.Text.Json.Nodes;
using Saver.Storage.Json;

namespace Saver.Storage.Katas;

public sealed partial class KataService
{
    /// <summary>
    /// A test-family write in the older protocol (docs/api.md §6), where the client sends the event's
    /// index instead of laptop_id and tab_seq. Returns the range of indexes it filled, as
    /// text ("2..3": outage 2, event 3), standing in for upstream's meaningless result.
    /// </summary>
    public async Task<string> ClassicTestEventAsync(string id, TestEventKind kind, JsonNode? index,
        IReadOnlyDictionary<string, string> files, TestOutcome outcome, CancellationToken cancellationToken = default)
    {
        var kataId = ParseId(id);
        var at = RubyValues.ToI(index);
        var message = TestEventMessage(kind, outcome.Summary);
        var filled = (First: 0, Last: 0);
        await WriteAsync(kataId, writer =>
            filled = writer.CommitClassic(at, files, outcome.Stdout, outcome.Stderr, outcome.Status, outcome.Summary, message),
            cancellationToken).ConfigureAwait(false);
        return $"{filled.First}..{filled.Last}";
    }
}
