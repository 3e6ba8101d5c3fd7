namespace Saver.Storage.Katas;

/// <summary>An event index as a client gives it (negative counts from the end), checked against the event count.</summary>
public static class EventPosition
{
    /// <summary>The position <paramref name="index"/> names among <paramref name="count"/> events, with the original's errors.</summary>
    public static int Resolve(long index, int count)
    {
        var position = index < 0 ? count + index : index;
        if (position < 0)
            throw new SaverException($"Invalid -ve index {index} (=> {position}) [{Plural(count)}]");
        if (position >= count)
            throw new SaverException($"Invalid +ve index {index} [{Plural(count)}]");
        return (int)position;
    }

    public static string Plural(int count) => count == 1 ? "1 event" : $"{count} events";
}
