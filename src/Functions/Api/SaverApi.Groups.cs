using Saver.Storage.Groups;

namespace Saver.Functions.Api;

public static partial class SaverApi
{
    private static IReadOnlyList<ApiMethod> GroupMethods =>
    [
        Post("group_create", ["manifest"], async (a, s, ct) => await s.Groups.CreateAsync(a.Object("manifest"), ct)),
        Get("group_exists?", ["id"], async (a, s, ct) => await s.Groups.ExistsAsync(a["id"], ct)),
        Get("group_manifest", ["id"], async (a, s, ct) => await s.Groups.ManifestAsync(a.Id(), ct)),
        Post("group_join", ["id"], async (a, s, ct) => await s.Groups.JoinAsync(a.Id(), GroupArguments.Indexes(a), ct),
            optional: ["indexes"]),
        Get("group_joined", ["id"], async (a, s, ct) => await s.Groups.JoinedAsync(a.Id(), ct)),
        Post("group_fork", ["id", "index"], async (a, s, ct) => await s.Groups.ForkAsync(a.Id(), a["index"], ct)),
    ];

}
