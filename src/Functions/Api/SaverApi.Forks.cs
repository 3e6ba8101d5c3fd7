using Saver.Storage.Forks;

namespace Saver.Functions.Api;

public static partial class SaverApi
{
    /// <summary>Beyond the original: how often each light of a kata was forked, and which lights repeat an earlier one.</summary>
    private static IReadOnlyList<ApiMethod> ForkCountMethods =>
    [
        Get("kata_forks", ["id"], async (a, s, ct) => await s.Forks.LightsAsync(a.Id(), ct)),
    ];
}
