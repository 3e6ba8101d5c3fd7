using Saver.Storage.Diffs;
using Saver.Storage.Katas;

namespace Saver.Functions.Api;

public static partial class SaverApi
{
    // A property, not a field: Methods (in another part of this class) is initialised first.
    private static string[] DiffKeywords => ["id", KataDiffs.WasIndex, KataDiffs.NowIndex];

    private static IReadOnlyList<ApiMethod> DiffMethods =>
    [
        Get("diff_lines", DiffKeywords, async (a, s, ct) => FileDiffJson.ForDiffLines(await DiffAsync(a, s, ct))),
        Get("diff_summary", DiffKeywords, async (a, s, ct) => FileDiffJson.ForDiffSummary(await DiffAsync(a, s, ct))),
        Get("kata_git_diff", DiffKeywords, async (a, s, ct) =>
            await s.GitDiff.BetweenAsync(a.Id(), a[KataDiffs.WasIndex], a[KataDiffs.NowIndex], ct)),
    ];

    private static Task<IReadOnlyList<FileDiff>> DiffAsync(ApiArguments a, ApiServices s, CancellationToken ct) =>
        s.Diffs.BetweenAsync(a.Id(), a[KataDiffs.WasIndex], a[KataDiffs.NowIndex], ct);
}
