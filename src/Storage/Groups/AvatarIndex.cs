using System.Globalization;

namespace Saver.Storage.Groups;

/// <summary>An avatar's number in a group: 0..63, written in decimal without sign or padding.</summary>
public static class AvatarIndex
{
    public static bool IsValid(long index) => index is >= 0 and < GroupLayout.AvatarCount;

    /// <summary>Parses the decimal form the original writes in folder names and katas.txt.</summary>
    public static bool TryParse(string text, out int index)
    {
        index = -1;
        if (text.Length is 0 or > 2 || !text.All(char.IsAsciiDigit) || (text.Length > 1 && text[0] == '0')) return false;
        index = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        return IsValid(index);
    }

    public static string Format(int index) => index.ToString(CultureInfo.InvariantCulture);
}
