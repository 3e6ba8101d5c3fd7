using Saver.Storage.Groups;

namespace Saver.Functions.Api;

public static partial class SaverApi
{
    private static IReadOnlyList<ApiMethod> GroupMethods =>
    [
        Post("group_create", ["manifest"], async (a, s, ct) => await Groups(s).CreateAsync(a.Object("manifest"), ct)),
        Get("group_exists?", ["id"], async (a, s, ct) => await Groups(s).ExistsAsync(a["id"], ct)),
        Get("group_manifest", ["id"], async (a, s, ct) => await Groups(s).ManifestAsync(a.Id(), ct)),
        Post("group_join", ["id"], async (a, s, ct) => await Groups(s).JoinAsync(a.Id(), GroupArguments.Indexes(a), ct),
            optional: ["indexes"]),
        Get("group_joined", ["id"], async (a, s, ct) => await Groups(s).JoinedAsync(a.Id(), ct)),
        Post("group_fork", ["id", "index"], async (a, s, ct) => await Groups(s).ForkAsync(a.Id(), a["index"], ct)),
    ];

    private static GroupService Groups(IServiceProvider services) => services.GetRequiredService<GroupService>();
}
