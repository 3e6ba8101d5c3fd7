namespace Saver.Functions.Api;

/// <summary>
/// A method's answer that is a file rather than JSON: its type, the name to save it as, and
/// how to write it. The handler that makes it has already checked everything it can, so
/// errors are still answered as JSON; writing then streams the file to the caller. Disposed
/// once written (it may hold the state it writes from).
/// </summary>
public sealed class ApiFile(string contentType, string fileName, Func<Stream, CancellationToken, Task> write, IDisposable? owner = null)
    : IDisposable
{
    public string ContentType { get; } = contentType;

    public string FileName { get; } = fileName;

    public Task WriteAsync(Stream destination, CancellationToken cancellationToken) => write(destination, cancellationToken);

    public void Dispose() => owner?.Dispose();
}

/// <summary>A method that answers with a file of <see cref="ContentType"/>, made by <see cref="Handler"/>.</summary>
public sealed record ApiFileAnswer(string ContentType, ApiFileHandler Handler);

public delegate Task<ApiFile> ApiFileHandler(ApiArguments arguments, ApiServices services, CancellationToken cancellationToken);
