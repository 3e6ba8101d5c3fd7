namespace Saver.Storage.Groups;

/// <summary>A kata that joined a group, as avatar <paramref name="Index"/>.</summary>
public readonly record struct GroupMember(string KataId, int Index);
