using System.Diagnostics.CodeAnalysis;

namespace Bridge.Abstractions.Attestation;

/// <summary>
/// A verified fact about a caller, written <c>type:value</c> (SPIRE's selector shape), for example
/// <c>aws:account:123456789012</c> has type <c>aws</c> and value <c>account:123456789012</c>. Registration entries
/// list the selectors a caller must have. Comparison is ordinal: selectors are exact facts, not patterns.
/// </summary>
public readonly record struct Selector
{
    /// <summary>Creates a selector.</summary>
    /// <exception cref="ArgumentException">The type or value is empty, or the type contains ':'.</exception>
    public Selector(string type, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentException.ThrowIfNullOrEmpty(value);
        if (type.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A selector type cannot contain ':'.", nameof(type));
        }

        Type = type;
        Value = value;
    }

    /// <summary>The namespace of the fact: <c>aws</c>, <c>k8s</c>, <c>oidc</c>.</summary>
    public string Type { get; }

    /// <summary>The fact within the namespace, for example <c>account:123456789012</c>.</summary>
    public string Value { get; }

    /// <summary>Parses <c>type:value</c>; the type ends at the first ':'.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, out Selector selector)
    {
        selector = default;
        if (string.IsNullOrEmpty(s))
        {
            return false;
        }

        var colon = s.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == s.Length - 1)
        {
            return false;
        }

        selector = new Selector(s[..colon], s[(colon + 1)..]);
        return true;
    }

    /// <summary>Parses <c>type:value</c>.</summary>
    /// <exception cref="FormatException">The value is not <c>type:value</c>.</exception>
    public static Selector Parse(string s) =>
        TryParse(s, out var selector) ? selector : throw new FormatException("A selector must have the form type:value.");

    /// <inheritdoc/>
    public override string ToString() => Type + ":" + Value;
}
