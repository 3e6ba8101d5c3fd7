using Saver.Functions.Hosting;
using Saver.Storage.Katas;
using Saver.Storage.Katas.Archives;

namespace Saver.Functions.Api;

public static partial class SaverApi
{
    private const string Gzip = "application/gzip";

    /// <summary>
    /// Beyond the original: a kata's event as a tgz, the kata's repository as a streamed tgz,
    /// and a run of the scheduled downloads on demand.
    /// </summary>
    private static IReadOnlyList<ApiMethod> ArchiveMethods =>
    [
        GetFile("kata_archive", ["id", "index"], async (a, s, ct) =>
        {
            var archive = await s.Archives.OpenAsync(a.Id(), a["index"], ct);
            return new ApiFile(Gzip, archive.FileName, archive.WriteAsync, archive);
        }),
        GetFile("kata_download_tgz", ["id"], async (a, s, ct) =>
        {
            var downloads = s.Downloads;
            var kata = await downloads.OpenAsync(a.Id(), ct);
            var day = KataDownloadName.Today(s.Time);
            return new ApiFile(Gzip, KataDownloadName.Attachment(kata.Id.Value, day, kata.Exercise),
                (stream, token) => downloads.WriteTgzAsync(kata, day, stream, token), kata);
        }),
        Post("scheduled_downloads_run", [], async (a, s, ct) =>
            (await s.ScheduledDownloads.RunAsync(ct)).ToJson(withLines: true)),
    ];

    private static ApiMethod GetFile(string name, string[] required, ApiFileHandler handler) =>
        Get(name, required, (_, _, _) => throw new InvalidOperationException($"{name} answers with a file")) with
        {
            File = new ApiFileAnswer(Gzip, handler),
        };
}
