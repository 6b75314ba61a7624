namespace Bridge.Authority.Registration;

/// <summary>DNS name syntax for X.509-SVID DNS SANs (RFC 1123 host names, with an optional leading wildcard).</summary>
internal static class DnsName
{
    public const int MaxLength = 253;
    public const int MaxLabelLength = 63;

    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return false;
        }

        var rest = name.StartsWith("*.", StringComparison.Ordinal) ? name.AsSpan(2) : name.AsSpan();
        if (rest.IsEmpty)
        {
            return false;
        }

        foreach (var range in rest.Split('.'))
        {
            if (!IsValidLabel(rest[range]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidLabel(ReadOnlySpan<char> label)
    {
        if (label.IsEmpty || label.Length > MaxLabelLength || label[0] == '-' || label[^1] == '-')
        {
            return false;
        }

        foreach (var c in label)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
