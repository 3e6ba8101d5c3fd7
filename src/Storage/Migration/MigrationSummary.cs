using Saver.Storage.Ids;

namespace Saver.Storage.Migration;

/// <summary>What migrating a whole store did, for katas and for groups.</summary>
public sealed record MigrationSummary(MigrationCounts Katas, MigrationCounts Groups, IReadOnlyList<MigrationFailure> Failures);

/// <summary>How many were migrated, were format 2 already (or were migrated by someone else meanwhile), and failed.</summary>
public sealed record MigrationCounts(int Migrated, int AlreadyFormat2, int Failed);

/// <summary>A kata or group that could not be migrated, and why. It is left as it was.</summary>
public sealed record MigrationFailure(EntityKind Kind, EntityId Id, string Reason);

/// <summary>How far a migration of the whole store has got: <paramref name="Done"/> of the <paramref name="Total"/> katas and groups it has to look at.</summary>
public sealed record MigrationProgress(int Done, int Total, int Migrated, int Failed);
