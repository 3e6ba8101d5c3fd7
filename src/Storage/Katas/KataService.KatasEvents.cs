using System.Text.Json.Nodes;
using Saver.Storage.Json;

namespace Saver.Storage.Katas;

public sealed partial class KataService
{
    /// <summary>
    /// katas_events: <c>{id: {"&lt;index as sent&gt;": kata_event(id, index)}}</c> for each pair
    /// of <paramref name="ids"/> and <paramref name="indexes"/>. Each kata is read in its own
    /// format (upstream reads all of them in the format of the first) and opened once, so
    /// the events of one kata come from one state of it.
    /// </summary>
    public async Task<JsonObject> KatasEventsAsync(IReadOnlyList<string> ids, IReadOnlyList<JsonNode?> indexes,
        CancellationToken cancellationToken = default)
    {
        if (ids.Count != indexes.Count)
            throw new SaverException($"ids and indexes must be the same length, not {ids.Count} and {indexes.Count}");
        // Every kata opened at once (bounded); a kata that cannot be opened fails the request
        // where the pairs, taken in order, first reach it, as reading them one by one would.
        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        var opened = new Dictionary<string, Task<IKataReader>>(StringComparer.Ordinal);
        using (var gate = new SemaphoreSlim(FanOut.ReadsAtOnce))
        {
            foreach (var id in distinct) opened[id] = OpenGatedAsync(id, gate, cancellationToken);
            await Task.WhenAll(opened.Values.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        }
        try
        {
            var result = new JsonObject();
            for (var i = 0; i < ids.Count; i++)
            {
                var id = ids[i];
                var position = RubyValues.ToI(indexes[i]);
                var kata = await opened[id].ConfigureAwait(false);
                if (result[id] is not JsonObject events) result[id] = events = new JsonObject();
                events[AsSent(indexes[i])] = await kata.EventAsync(position, cancellationToken).ConfigureAwait(false);
            }
            return result;
        }
        finally
        {
            foreach (var task in opened.Values)
                if (task.IsCompletedSuccessfully) task.Result.Dispose();
        }
    }

    private async Task<IKataReader> OpenGatedAsync(string id, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await OpenAsync(id, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>An index as a result key, as Ruby's <c>to_s</c> shows it: 1 → "1", "1" → "1", nil → "".</summary>
    private static string AsSent(JsonNode? index) => index switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var text) => text,
        var other => SaverJson.Compact(other),
    };
}
