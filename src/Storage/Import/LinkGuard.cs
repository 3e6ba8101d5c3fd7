namespace Saver.Storage.Import;

/// <summary>
/// Symbolic links are refused wherever an import meets them: followed, one could make the
/// import read (and store for anyone to download) any file the process can read.
/// </summary>
internal static class LinkGuard
{
    /// <exception cref="ImportException">The entry is a symbolic link.</exception>
    public static void Refuse(FileSystemInfo entry)
    {
        if (entry.LinkTarget is not null)
            throw new ImportException($"{entry.FullName} is a symbolic link; links are refused");
    }
}
