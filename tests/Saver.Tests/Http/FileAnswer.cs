using System.Diagnostics;
using System.Net;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Http;

/// <summary>A method's answer read as bytes, with the headers that say how it was sent (for the methods that answer with a file).</summary>
public sealed record FileAnswer(
    HttpStatusCode Status, string? ContentType, string? DispositionType, string? FileName, string? FileNameStar,
    bool Chunked, long? ContentLength, byte[] Body)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    /// <summary>The message of an error answer.</summary>
    public string? Exception => System.Text.Json.Nodes.JsonNode.Parse(Text)?["exception"]?.GetValue<string>();

    public static async Task<FileAnswer> GetAsync(SaverClient api, string pathAndQuery, string? accept = null, HttpMethod? verb = null)
    {
        using var request = new HttpRequestMessage(verb ?? HttpMethod.Get, pathAndQuery);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await api.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        // As sent: the ContentLength property makes one up from the content once it is read.
        long? contentLength = response.Content.Headers.NonValidated.TryGetValues("Content-Length", out var lengths)
            ? long.Parse(lengths.ToString())
            : null;
        var body = await response.Content.ReadAsByteArrayAsync();
        var disposition = response.Content.Headers.ContentDisposition;
        return new FileAnswer(response.StatusCode, response.Content.Headers.ContentType?.MediaType,
            disposition?.DispositionType, disposition?.FileName, disposition?.FileNameStar,
            response.Headers.TransferEncodingChunked == true, contentLength, body);
    }

    /// <summary>Unpacks the body, a .tgz, with the tar command line into <paramref name="folder"/>.</summary>
    public async Task UnpackAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        var tgz = Path.Combine(folder, "..", Path.GetFileName(folder) + ".tgz");
        await File.WriteAllBytesAsync(tgz, Body);
        await TarAsync("-xzf", tgz, "-C", folder);
    }

    /// <summary><c>tar -tvzf</c> of a .tgz file: modes, owners, sizes, times and names, one member a line.</summary>
    public static Task<string> ListingAsync(string tgz) => TarAsync("--utc", "-tvzf", tgz);

    private static async Task<string> TarAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("tar") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var tar = Process.Start(start)!;
        var stdout = tar.StandardOutput.ReadToEndAsync();
        var stderr = tar.StandardError.ReadToEndAsync();
        await tar.WaitForExitAsync();
        Assert.True(tar.ExitCode == 0, $"tar {string.Join(' ', arguments)}: {await stderr}");
        return await stdout;
    }
}
