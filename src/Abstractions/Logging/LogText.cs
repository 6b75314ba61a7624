using System.Globalization;
using System.Text;

namespace Bridge.Abstractions.Logging;

/// <summary>
/// Makes a string that came from a caller fit to log: bounded in length, with control and other non-printable
/// characters replaced, so an unverified value can neither flood the log nor forge lines or terminal escapes in it.
/// Every log call that carries caller-chosen text passes it through here.
/// </summary>
public static class LogText
{
    /// <summary>The default number of characters kept.</summary>
    public const int DefaultMaxLength = 64;

    /// <summary>What replaces a character that is not printable.</summary>
    public const char Replacement = '?';

    /// <summary>
    /// At most <paramref name="maxLength"/> characters of <paramref name="value"/>, each control, format, separator,
    /// surrogate, private-use or unassigned character replaced by <see cref="Replacement"/>; a longer value ends with
    /// "…(N chars)" giving its full length. Null becomes "(null)".
    /// </summary>
    public static string Bounded(string? value, int maxLength = DefaultMaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        if (value is null)
        {
            return "(null)";
        }

        // The common case on the exchange path (a short, printable value) is logged as it is, without a copy.
        if (value.Length <= maxLength && !HasNonPrintable(value))
        {
            return value;
        }

        var kept = Math.Min(value.Length, maxLength);
        var builder = new StringBuilder(kept + 24);
        foreach (var c in value.AsSpan(0, kept))
        {
            builder.Append(IsPrintable(c) ? c : Replacement);
        }

        if (value.Length > maxLength)
        {
            builder.Append(CultureInfo.InvariantCulture, $"…({value.Length} chars)");
        }

        return builder.ToString();
    }

    private static bool HasNonPrintable(string value)
    {
        foreach (var c in value)
        {
            if (!IsPrintable(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPrintable(char c) => c is >= ' ' and <= '~' || (c > '~' && char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => false,
        _ => true,
    });
}
