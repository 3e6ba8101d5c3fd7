namespace Saver.Storage.Import;

/// <summary>
/// One input of an import, located: the folder that holds <c>katas/</c>, <c>groups/</c> and
/// <c>clusters/</c> as the original keeps them under <c>/cyber-dojo</c>. The input may be that
/// folder, a folder holding a <c>cyber-dojo/</c> folder that is, or a tar/.tgz archive of either
/// (extracted into the import's work folder).
/// </summary>
public sealed class DataSource
{
    public const string CyberDojoFolder = "cyber-dojo";

    private DataSource(string input, string root)
    {
        Input = input;
        Root = root;
    }

    /// <summary>The path as given.</summary>
    public string Input { get; }

    /// <summary>The folder holding katas/, groups/ and clusters/.</summary>
    public string Root { get; }

    /// <summary>Locates the data of <paramref name="input"/>, extracting it into <paramref name="workFolder"/> when it is an archive.</summary>
    /// <exception cref="ImportException">There is nothing to import there, or the archive is refused.</exception>
    public static DataSource Open(string input, string workFolder, ImportOptions options, CancellationToken cancellationToken = default)
    {
        var path = Path.GetFullPath(input);
        if (Directory.Exists(path)) return new DataSource(input, FindRoot(input, path));
        if (!File.Exists(path)) throw new ImportException($"{input} does not exist");
        var extracted = Path.Combine(workFolder, "archive-" + Guid.NewGuid().ToString("N")[..12]);
        DataArchive.Extract(path, extracted, options, IsRead, cancellationToken);
        return new DataSource(input, FindRoot(input, extracted));
    }

    /// <summary>
    /// Whether an import reads the file: of a .git folder, only HEAD, packed-refs, refs and
    /// objects (its hooks, logs and index are most of its files, and of no use here).
    /// </summary>
    private static bool IsRead(IReadOnlyList<string> segments)
    {
        var git = -1;
        for (var i = 0; i < segments.Count; i++)
            if (segments[i] == ".git") { git = i; break; }
        return git < 0 || git == segments.Count - 1 || segments[git + 1] is "HEAD" or "packed-refs" or "refs" or "objects";
    }

    private static string FindRoot(string input, string folder)
    {
        if (HoldsData(folder)) return folder;
        var nested = Path.Combine(folder, CyberDojoFolder);
        if (HoldsData(nested)) return nested;
        throw new ImportException(
            $"{input} holds no {string.Join(", ", DataFolderImporter.TopFolders.Select(f => f + "/"))} folder, nor a {CyberDojoFolder}/ folder holding one");
    }

    private static bool HoldsData(string folder) =>
        Directory.Exists(folder) && DataFolderImporter.TopFolders.Any(top => Directory.Exists(Path.Combine(folder, top)));
}
