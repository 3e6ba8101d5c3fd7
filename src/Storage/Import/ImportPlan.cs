using Saver.Storage.Ids;

namespace Saver.Storage.Import;

/// <summary>An entity folder of the original's data: <c>katas/Ab/Cd/Ef</c> and the like.</summary>
public sealed record EntityFolder(EntityKind Kind, EntityId Id, string Path);

/// <summary>
/// One entity ready to store: its format and its blobs, in the order they must be created
/// (a format-2 kata's repository before its manifest; an old-format entity's manifest last,
/// so that once it is there, so is everything else).
/// </summary>
public sealed record PlannedEntity(EntityKind Kind, EntityId Id, int Format, IReadOnlyList<PlannedBlob> Blobs);

/// <summary>A blob to create, with its content in <paramref name="SourceFile"/>, or empty when that is null (an empty folder's <c>.dir</c>).</summary>
public sealed record PlannedBlob(string Name, string? SourceFile);
