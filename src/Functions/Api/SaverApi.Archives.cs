using Saver.Storage.Katas.Archives;

namespace Saver.Functions.Api;

public static partial class SaverApi
{
    private const string Gzip = "application/gzip";

    /// <summary>Beyond the original: a kata's event as a tgz.</summary>
    private static IReadOnlyList<ApiMethod> ArchiveMethods =>
    [
        GetFile("kata_archive", ["id", "index"], async (a, s, ct) =>
        {
            var archive = await s.GetRequiredService<KataArchive>().OpenAsync(a.Id(), a["index"], ct);
            return new ApiFile(Gzip, archive.FileName, archive.WriteAsync, archive);
        }),
    ];

    private static ApiMethod GetFile(string name, string[] required, ApiFileHandler handler) =>
        Get(name, required, (_, _, _) => throw new InvalidOperationException($"{name} answers with a file")) with
        {
            File = new ApiFileAnswer(Gzip, handler),
        };
}
