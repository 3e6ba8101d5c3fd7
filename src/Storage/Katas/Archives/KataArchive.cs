using System.Text.Json.Nodes;
using Saver.Storage.Ids;
using Saver.Storage.Json;

namespace Saver.Storage.Katas.Archives;

/// <summary>
/// kata_archive: one event of a kata as a .tgz, every member under <c>&lt;id&gt;-&lt;index&gt;/</c>
/// (see <see cref="KataTagArchive"/>). The id and index are checked, and the kata's state
/// taken, before anything is written, with kata_event's errors.
/// </summary>
public sealed class KataArchive(Format2Katas format2, KataService katas, TimeProvider time)
{
    /// <param name="index">As kata_event takes it: Ruby's to_i, negative counting from the end.</param>
    /// <exception cref="UnknownIdException">No such kata.</exception>
    /// <exception cref="SaverException">An index out of range (kata_event's message), or a kata that cannot be read.</exception>
    public async Task<KataTagArchive> OpenAsync(string id, JsonNode? index, CancellationToken cancellationToken = default)
    {
        var position = RubyValues.ToI(index);
        if (EntityId.TryParse(id, out var kataId) &&
            await format2.OpenAsync(kataId, cancellationToken).ConfigureAwait(false) is { } snapshot)
            return Format2TagArchive.Open(format2, kataId, snapshot, position);
        // No repository: kata_event raises for an unknown id, or reads a kata in format 0 or 1.
        var kataEvent = await katas.EventAsync(id, index, cancellationToken).ConfigureAwait(false);
        return LegacyTagArchive.From(kataId, kataEvent, time);
    }
}
