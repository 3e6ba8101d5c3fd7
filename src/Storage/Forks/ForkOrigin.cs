namespace Saver.Storage.Forks;

/// <summary>What a fork copies: the content of kata <paramref name="SourceKataId"/> at the event it was forked from.</summary>
public sealed record ForkOrigin(ContentHash Content, string SourceKataId);
