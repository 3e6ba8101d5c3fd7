using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Saver.Tests.Infrastructure;

/// <summary>One member of a tar a test builds, written exactly as given (hostile names included).</summary>
public sealed record TarMemberSpec(string Name, TarEntryType Type, byte[]? Content = null, string? LinkName = null)
{
    public static TarMemberSpec File(string name, string content) => new(name, TarEntryType.RegularFile, Encoding.UTF8.GetBytes(content));

    public static TarMemberSpec File(string name, byte[] content) => new(name, TarEntryType.RegularFile, content);

    public static TarMemberSpec Folder(string name) => new(name, TarEntryType.Directory);
}

/// <summary>
/// Prepacked kata writes (docs/prepacked-writes.md) as a browser would build them: in C# in
/// the style of a JavaScript tar library, or with the real <c>tar czf</c> command.
/// </summary>
public static class PrepackedTgz
{
    public const string ContentType = "application/gzip";

    /// <summary>event.json for the JSON arguments of a write: all of them but files.</summary>
    public static JsonObject EventJson(JsonObject arguments)
    {
        var eventJson = arguments.DeepClone().AsObject();
        eventJson.Remove("files");
        return eventJson;
    }

    /// <summary>The files of a JSON write's arguments.</summary>
    public static Dictionary<string, string> Files(JsonObject arguments) =>
        arguments["files"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!["content"]!.GetValue<string>());

    /// <summary>
    /// A write's tgz as browser tar libraries write one: event.json, then (when
    /// <paramref name="folders"/>) a folder entry for files/ and each of its sub-folders
    /// before their files, every name after <paramref name="prefix"/> (say "./").
    /// </summary>
    public static byte[] LikeABrowser(JsonObject eventJson, IReadOnlyDictionary<string, string> files,
        TarEntryFormat format = TarEntryFormat.Pax, bool folders = true, string prefix = "")
    {
        var members = new List<TarMemberSpec> { TarMemberSpec.File(prefix + "event.json", eventJson.ToJsonString()) };
        var written = new HashSet<string>(StringComparer.Ordinal);
        if (folders) members.Add(TarMemberSpec.Folder(prefix + "files/"));
        foreach (var (name, content) in files.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var parts = name.Split('/');
            for (var depth = 1; folders && depth < parts.Length; depth++)
            {
                var folder = "files/" + string.Join('/', parts[..depth]) + "/";
                if (written.Add(folder)) members.Add(TarMemberSpec.Folder(prefix + folder));
            }
            members.Add(TarMemberSpec.File(prefix + "files/" + name, content));
        }
        return Tgz(members, format);
    }

    /// <summary>The tgz <c>tar czf x.tgz -C dir .</c> makes of a folder holding event.json and files/ (GNU tar writes "./" names).</summary>
    public static byte[] WithTarCommand(JsonObject eventJson, IReadOnlyDictionary<string, string> files, string format = "gnu")
    {
        using var folder = new TempDirectory("prepacked");
        var root = Path.Combine(folder.Path, "write");
        Directory.CreateDirectory(Path.Combine(root, "files"));
        File.WriteAllText(Path.Combine(root, "event.json"), eventJson.ToJsonString());
        foreach (var (name, content) in files)
        {
            var path = Path.Combine(root, "files", name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }
        var tgz = Path.Combine(folder.Path, "write.tgz");
        var start = new ProcessStartInfo("tar") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "czf", tgz, $"--format={format}", "-C", root, "." }) start.ArgumentList.Add(argument);
        using var tar = Process.Start(start)!;
        var stderr = tar.StandardError.ReadToEndAsync();
        tar.WaitForExit();
        Assert.True(tar.ExitCode == 0, $"tar exited {tar.ExitCode}: {stderr.Result}");
        return File.ReadAllBytes(tgz);
    }

    /// <summary>The names in a tgz, as <c>tar tzf</c> lists them.</summary>
    public static string[] ListWithTarCommand(byte[] tgz)
    {
        using var folder = new TempDirectory("prepacked");
        var path = Path.Combine(folder.Path, "x.tgz");
        File.WriteAllBytes(path, tgz);
        var start = new ProcessStartInfo("tar") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "tzf", path }) start.ArgumentList.Add(argument);
        using var tar = Process.Start(start)!;
        var stdout = tar.StandardOutput.ReadToEnd();
        tar.WaitForExit();
        Assert.Equal(0, tar.ExitCode);
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>A gzip'd tar of exactly these members, in this order.</summary>
    public static byte[] Tgz(IEnumerable<TarMemberSpec> members, TarEntryFormat format = TarEntryFormat.Pax) => Gzip(Tar(members, format));

    public static byte[] Tar(IEnumerable<TarMemberSpec> members, TarEntryFormat format = TarEntryFormat.Pax)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, format, leaveOpen: true))
        {
            foreach (var member in members)
            {
                TarEntry entry = format switch
                {
                    TarEntryFormat.Ustar => new UstarTarEntry(member.Type, member.Name),
                    TarEntryFormat.Gnu => new GnuTarEntry(member.Type, member.Name),
                    TarEntryFormat.V7 => new V7TarEntry(member.Type == TarEntryType.RegularFile ? TarEntryType.V7RegularFile : member.Type, member.Name),
                    _ => new PaxTarEntry(member.Type, member.Name),
                };
                entry.Mode = member.Type == TarEntryType.Directory ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100;
                if (member.LinkName is not null) entry.LinkName = member.LinkName;
                if (member.Content is not null) entry.DataStream = new MemoryStream(member.Content);
                writer.WriteEntry(entry);
            }
        }
        return tar.ToArray();
    }

    /// <summary>
    /// One ustar header block written by hand: any name, type flag and declared size (octal,
    /// or base-256 past 8 GB), with a correct checksum and no data. Fields end in NUL as GNU
    /// tar writes them, or, with <paramref name="tarStreamStyle"/>, in space and NUL as the
    /// npm package tar-stream (the usual browser tar library) writes them.
    /// </summary>
    public static byte[] RawHeader(string name, char typeFlag, long size, bool tarStreamStyle = false)
    {
        var header = new byte[512];
        var end = tarStreamStyle ? " \0" : "\0";
        Encoding.UTF8.GetBytes(name).CopyTo(header, 0);
        Encoding.ASCII.GetBytes((tarStreamStyle ? "000644" : "0000644") + end).CopyTo(header, 100);
        Encoding.ASCII.GetBytes((tarStreamStyle ? "000000" : "0000000") + end).CopyTo(header, 108);
        Encoding.ASCII.GetBytes((tarStreamStyle ? "000000" : "0000000") + end).CopyTo(header, 116);
        if (size < 8L * 1024 * 1024 * 1024)
            Encoding.ASCII.GetBytes(Convert.ToString(size, 8).PadLeft(11, '0') + (tarStreamStyle ? " " : "\0")).CopyTo(header, 124);
        else
        {
            header[124] = 0x80;
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(128, 8), size);
        }
        Encoding.ASCII.GetBytes(tarStreamStyle ? "15301053145 " : "00000000000\0").CopyTo(header, 136);
        header[156] = (byte)typeFlag;
        Encoding.ASCII.GetBytes("ustar\0" + "00").CopyTo(header, 257);
        header.AsSpan(148, 8).Fill((byte)' ');
        var sum = header.Sum(b => (int)b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + (tarStreamStyle ? " \0" : "\0 ")).CopyTo(header, 148);
        return header;
    }

    /// <summary>A member written by hand: its header, then its content padded to whole blocks.</summary>
    public static byte[] RawMember(string name, char typeFlag, string content, bool tarStreamStyle = false)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        return [.. RawHeader(name, typeFlag, bytes.Length, tarStreamStyle), .. bytes, .. new byte[(512 - bytes.Length % 512) % 512]];
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(bytes);
        return compressed.ToArray();
    }

    /// <summary>POSTs a body of raw bytes (a prepacked write) with the given content type.</summary>
    public static async Task<ApiAnswer> PostBytesAsync(this SaverClient client, string method, byte[] body, string? contentType = ContentType)
    {
        using var content = new ByteArrayContent(body);
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await client.Http.PostAsync("/" + method, content);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiAnswer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text);
    }

    /// <summary>A prepacked write that must succeed; its result.</summary>
    public static async Task<JsonNode?> WritePrepackedAsync(this SaverClient client, string method, byte[] tgz, string contentType = ContentType)
    {
        var answer = await client.PostBytesAsync(method, tgz, contentType);
        Assert.True(answer.Status == HttpStatusCode.OK, $"{method} answered {(int)answer.Status}: {answer.Text}");
        return answer.Json![method];
    }
}
