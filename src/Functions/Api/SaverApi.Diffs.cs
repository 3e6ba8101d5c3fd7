namespace Saver.Functions.Api;

public static partial class SaverApi
{
    private static IReadOnlyList<ApiMethod> DiffMethods => [];
}
