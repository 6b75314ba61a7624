using System.Text;

namespace Bridge.Authority.Registration;

/// <summary>
/// The one rule for X.509-SVID DNS SANs, applied both when an entry is validated and when an SVID is issued, so an
/// entry the validator accepts can always be issued. A name is an RFC 1123 host name in its ASCII form: labels of 1-63
/// letters, digits or '-' that neither start nor end with '-', at most 253 characters, no trailing dot, a last label
/// that is not all digits (that would be an IP address, not a host name). Internationalised names are written as
/// A-labels (<c>xn--…</c>, IDNA 2008 punycode) and must decode. Case is kept but does not count: names compare
/// case-insensitively. A wildcard is only the whole left-most label (<c>*.example.org</c>, RFC 6125 §6.4.3 as the CA/B
/// Forum baseline allows it) and never directly over a single label (<c>*.com</c>): without a public suffix list,
/// a wildcard over one label is the one case known to cover a whole top-level domain. (A wildcard over a
/// multi-label public suffix such as <c>*.co.uk</c> is not detected; the entry author owns that choice.)
/// </summary>
internal static class DnsName
{
    /// <summary>Longest name (RFC 1035 presentation form without the trailing dot).</summary>
    public const int MaxLength = 253;

    /// <summary>Longest label.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>The rule in one line, for messages.</summary>
    public const string RuleSummary =
        "labels of 1-63 letters, digits or '-', not starting or ending with '-', at most 253 characters, no trailing dot, " +
        "internationalised names as xn-- A-labels, an optional '*.' wildcard only over two or more labels";

    /// <summary>True when <paramref name="name"/> follows the rule.</summary>
    public static bool IsValid(string? name) => Check(name) is null;

    /// <summary>Null when <paramref name="name"/> follows the rule, otherwise what is wrong with it (without echoing it).</summary>
    public static string? Check(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "is empty";
        }

        if (name.Length > MaxLength)
        {
            return $"is longer than {MaxLength} characters";
        }

        if (name.EndsWith('.'))
        {
            return "ends with a dot (write it without the trailing dot)";
        }

        if (!Ascii.IsValid(name))
        {
            return "is not ASCII (write internationalised names as xn-- A-labels)";
        }

        var labels = name.Split('.');
        var start = 0;
        if (labels[0] == "*")
        {
            if (labels.Length < 3)
            {
                return "has a wildcard over a single label (a whole top-level domain)";
            }

            start = 1;
        }

        for (var i = start; i < labels.Length; i++)
        {
            if (CheckLabel(labels[i]) is { } problem)
            {
                return problem;
            }
        }

        if (labels[^1].All(char.IsAsciiDigit))
        {
            return "ends in an all-numeric label (an IP address is not a DNS name)";
        }

        return null;
    }

    private static string? CheckLabel(string label)
    {
        if (label.Length == 0)
        {
            return "has an empty label";
        }

        if (label.Length > MaxLabelLength)
        {
            return $"has a label longer than {MaxLabelLength} characters";
        }

        if (label.Contains('*'))
        {
            return "has a wildcard other than the whole left-most label";
        }

        if (label[0] == '-' || label[^1] == '-')
        {
            return "has a label starting or ending with '-'";
        }

        if (!label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return "has a character other than a letter, digit or '-'";
        }

        if (label.StartsWith("xn--", StringComparison.OrdinalIgnoreCase) && !IsValidALabel(label))
        {
            return "has an xn-- label that is not valid punycode";
        }

        return null;
    }

    private static bool IsValidALabel(string label) => Punycode.IsValidEncoding(label.AsSpan(4));
}
