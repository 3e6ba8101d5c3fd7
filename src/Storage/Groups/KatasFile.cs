using System.Text;

namespace Saver.Storage.Groups;

/// <summary>
/// katas.txt of a format-1 or format-2 group: one line <c>"&lt;kata id&gt; &lt;index&gt;\n"</c> per
/// member, in the order they joined.
/// </summary>
public static class KatasFile
{
    public static string Line(GroupMember member) => $"{member.KataId} {AvatarIndex.Format(member.Index)}\n";

    /// <summary>
    /// The members listed, first line first. Blank lines are skipped; a line that is not
    /// "id index" is an error, since guessing would list the wrong kata under an avatar.
    /// </summary>
    public static IReadOnlyList<GroupMember> Parse(string text)
    {
        var members = new List<GroupMember>();
        foreach (var line in text.Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts is not [var kataId, var index] || !Ids.EntityId.IsValid(kataId) || !AvatarIndex.TryParse(index, out var parsed))
                throw new SaverException($"katas.txt has a line that is not \"<kata id> <index>\": {line}");
            members.Add(new GroupMember(kataId, parsed));
        }
        return members;
    }

    /// <summary>
    /// The content with <paramref name="member"/>'s line added at the end (after a newline,
    /// should the last line lack one).
    /// </summary>
    public static byte[] Append(ReadOnlySpan<byte> content, GroupMember member)
    {
        var line = Encoding.UTF8.GetBytes(Line(member));
        var separator = content.Length > 0 && content[^1] != (byte)'\n';
        var result = new byte[content.Length + (separator ? 1 : 0) + line.Length];
        content.CopyTo(result);
        if (separator) result[content.Length] = (byte)'\n';
        line.CopyTo(result, result.Length - line.Length);
        return result;
    }
}
