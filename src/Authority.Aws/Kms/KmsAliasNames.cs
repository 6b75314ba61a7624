using System.Diagnostics.CodeAnalysis;

namespace Bridge.Authority.Aws.Kms;

/// <summary>
/// Maps Bridge key identifiers to KMS aliases and back: <c>alias/bridge/&lt;namespace&gt;/&lt;keyId&gt;</c>. KMS aliases
/// allow only <c>[A-Za-z0-9/_-]</c>, so the '.' a key id may hold is written as '/', which a key id never contains:
/// the mapping is one-to-one. The namespace is one segment, so no deployment's prefix is a prefix of another's.
/// </summary>
internal sealed class KmsAliasNames
{
    /// <summary>The fixed start of every alias Bridge owns.</summary>
    public const string Root = "alias/bridge/";

    /// <summary>Same bound as the local key managers' identifiers.</summary>
    public const int MaxKeyIdLength = 128;

    public KmsAliasNames(string aliasNamespace)
    {
        Prefix = Root + aliasNamespace + "/";
    }

    /// <summary>The prefix of this deployment's aliases, ending in '/'.</summary>
    public string Prefix { get; }

    /// <summary>True when <paramref name="keyId"/> is 1–128 characters of <c>[A-Za-z0-9._-]</c> not starting with '.'.</summary>
    public static bool IsValidKeyId(ReadOnlySpan<char> keyId)
    {
        if (keyId.IsEmpty || keyId.Length > MaxKeyIdLength || keyId[0] == '.')
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

    /// <summary>The alias of <paramref name="keyId"/>.</summary>
    /// <exception cref="ArgumentException">The key id is not valid (a caller bug or misconfiguration).</exception>
    public string ToAlias(string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        if (!IsValidKeyId(keyId))
        {
            throw new ArgumentException(
                "A key identifier must be 1-128 characters of [A-Za-z0-9._-] and must not start with '.'.",
                nameof(keyId));
        }

        return Prefix + keyId.Replace('.', '/');
    }

    /// <summary>Reads the key id back from one of this deployment's aliases; false for any other alias.</summary>
    public bool TryGetKeyId(string? aliasName, [NotNullWhen(true)] out string? keyId)
    {
        keyId = null;
        if (aliasName is null || !aliasName.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var candidate = aliasName[Prefix.Length..].Replace('/', '.');
        if (!IsValidKeyId(candidate))
        {
            return false;
        }

        keyId = candidate;
        return true;
    }
}
