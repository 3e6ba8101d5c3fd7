namespace Saver.Storage.Import;

/// <summary>Why an import was refused, in words for whoever ran it; nothing was stored when it is thrown while reading the input.</summary>
public sealed class ImportException(string message, Exception? inner = null) : Exception(message, inner);
