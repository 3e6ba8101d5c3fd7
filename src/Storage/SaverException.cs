namespace Saver.Storage;

/// <summary>
/// A failure the caller is told about in words. The HTTP layer answers it with the
/// original saver's status for its kind: 500 for this base type.
/// </summary>
public class SaverException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>An id that names nothing (the original answers 400 "kata X does not exist").</summary>
public sealed class UnknownIdException(string message) : SaverException(message);

/// <summary>An argument the original refuses with 400 rather than 500 (a cluster of the wrong size).</summary>
public sealed class BadRequestException(string message) : SaverException(message);

/// <summary>A write to an entity in format 0 or 1 (the original answers 505).</summary>
public sealed class WriteNotSupportedException(string message) : SaverException(message);
