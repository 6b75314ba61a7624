namespace Bridge.Abstractions.Keys;

/// <summary>
/// The key identifiers Bridge's key managers accept. The rules keep an identifier usable as a file name (no path
/// traversal, no hidden files) and as part of a KMS alias.
/// </summary>
public static class KeyIdRules
{
    /// <summary>Keeps a file name, with its suffix, well under the 255-byte limit of common file systems.</summary>
    public const int MaxLength = 128;

    /// <summary>True when <paramref name="keyId"/> is 1–128 characters of <c>[A-Za-z0-9._-]</c> not starting with '.'.</summary>
    public static bool IsValid(ReadOnlySpan<char> keyId)
    {
        if (keyId.IsEmpty || keyId.Length > MaxLength || keyId[0] == '.')
        {
            return false;
        }

        foreach (var c in keyId)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws when <paramref name="keyId"/> is not a valid identifier (a caller bug or misconfiguration).</summary>
    public static void ThrowIfInvalid(string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        if (!IsValid(keyId))
        {
            throw new ArgumentException(
                "A key identifier must be 1-128 characters of [A-Za-z0-9._-] and must not start with '.'.",
                nameof(keyId));
        }
    }
}
