using Saver.Storage.Migration;

namespace Saver.Functions.Api;

public static partial class SaverApi
{
    /// <summary>Beyond the original: katas and groups of formats 0 and 1 turned into format 2 (docs/migration.md).</summary>
    private static IReadOnlyList<ApiMethod> MigrationMethods =>
    [
        Post("kata_migrate", ["id"], async (a, s, ct) =>
            (await s.KataMigration.MigrateAsync(a.Id(), ct)).ToJson()),
        Post("group_migrate", ["id"], async (a, s, ct) =>
            (await s.GroupMigration.MigrateAsync(a.Id(), ct)).ToJson()),
    ];
}
