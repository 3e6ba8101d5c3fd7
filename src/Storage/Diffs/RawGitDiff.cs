namespace Saver.Storage.Diffs;

/// <summary>
/// The text <c>git diff</c> prints for two sets of files, and the files it does not mention
/// because they did not change.
/// </summary>
/// <param name="Text">
/// Every changed file's section, in git's order; empty when nothing changed. Invalid UTF-8
/// (which no file written through the API holds) is stripped, as everywhere in the API.
/// </param>
/// <param name="Unchanged">
/// The paths of the new set that the text leaves out, in path order: the same content at the
/// same path, or content that differs only in end-of-line whitespace, which the diff ignores.
/// </param>
public sealed record RawGitDiff(string Text, IReadOnlyList<string> Unchanged);
