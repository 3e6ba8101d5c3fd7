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
        var opened = new Dictionary<string, IKataReader>(StringComparer.Ordinal);
        try
        {
            var result = new JsonObject();
            for (var i = 0; i < ids.Count; i++)
            {
                var id = ids[i];
                var position = RubyValues.ToI(indexes[i]);
                if (!opened.TryGetValue(id, out var kata))
                    opened[id] = kata = await OpenAsync(id, cancellationToken).ConfigureAwait(false);
                if (result[id] is not JsonObject events) result[id] = events = new JsonObject();
                events[AsSent(indexes[i])] = await kata.EventAsync(position, cancellationToken).ConfigureAwait(false);
            }
            return result;
        }
        finally
        {
            foreach (var kata in opened.Values) kata.Dispose();
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
