using Saver.Storage.Katas;

namespace Saver.Functions.Api;

public static partial class SaverApi
{
    /// <summary>The methods that copy a kata: into a new kata, or out as a git repository to download.</summary>
    private static IReadOnlyList<ApiMethod> KataCopyMethods =>
    [
        Post("kata_fork", ["id", "index"], async (a, s, ct) => await s.Katas.ForkAsync(a.Id(), a["index"], ct)),
        Get("kata_download", ["id"], async (a, s, ct) => await s.Downloads.EncodedAsync(a.Id(), ct)),
    ];
}
