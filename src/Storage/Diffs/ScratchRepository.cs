using System.Text;
using LibGit2Sharp;

namespace Saver.Storage.Diffs;

/// <summary>
/// A bare repository in a temp folder, made on first use, where file sets that are not in
/// git (older kata formats) become trees. Objects are content addressed, so any number of
/// callers may write into it at once, each through its own <see cref="Repository"/>
/// (libgit2 repository objects are not thread-safe); the folder goes on dispose.
/// </summary>
internal sealed class ScratchRepository : IDisposable
{
    private readonly Lazy<string> _path;
    private bool _disposed;

    public ScratchRepository(string parentFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(parentFolder);
        var folder = Path.Combine(parentFolder, "saver-diff-" + Guid.NewGuid().ToString("N"));
        _path = new Lazy<string>(() => Repository.Init(folder, isBare: true), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>A new handle on the scratch repository; dispose it after use.</summary>
    public Repository Open()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new Repository(_path.Value);
    }

    /// <summary>The tree holding <paramref name="files"/> (path → content, UTF-8); null when there are none.</summary>
    public static Tree? WriteTree(Repository repository, IReadOnlyDictionary<string, string> files)
    {
        if (files.Count == 0) return null;
        var definition = new TreeDefinition();
        foreach (var (path, content) in files)
        {
            var blobId = repository.ObjectDatabase.Write<Blob>(Encoding.UTF8.GetBytes(content));
            definition.Add(path, blobId, Mode.NonExecutableFile);
        }
        return repository.ObjectDatabase.CreateTree(definition);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_path.IsValueCreated) return;
        try
        {
            Directory.Delete(_path.Value, recursive: true);
        }
        catch (IOException)
        {
            // A scratch folder left in temp is harmless; failing a dispose is not.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
