namespace Bridge.Abstractions.Attestation;

/// <summary>
/// The selectors one attestor can emit: a selector type and the value prefixes under it (for example type <c>aws</c>
/// with <c>account:</c>, <c>role:</c>, ...). Tools use it to warn about an entry selector no caller can ever present,
/// such as <c>aws:role_name:payments</c>; it is never used to accept or refuse a caller.
/// </summary>
public sealed class SelectorVocabulary
{
    /// <summary>Creates a vocabulary.</summary>
    /// <param name="type">The selector type, for example <c>aws</c>.</param>
    /// <param name="valuePrefixes">Each prefix a selector value starts with, ending in ':' (for example <c>account:</c>).</param>
    /// <exception cref="ArgumentException">The type is empty or contains ':', or a prefix is empty or lacks its ':'.</exception>
    public SelectorVocabulary(string type, IEnumerable<string> valuePrefixes)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(valuePrefixes);
        if (type.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A selector type cannot contain ':'.", nameof(type));
        }

        var prefixes = valuePrefixes.Distinct(StringComparer.Ordinal).ToArray();
        if (prefixes.Any(p => string.IsNullOrEmpty(p) || !p.EndsWith(':')))
        {
            throw new ArgumentException("Every value prefix must be non-empty and end with ':'.", nameof(valuePrefixes));
        }

        Type = type;
        ValuePrefixes = prefixes;
    }

    /// <summary>The selector type.</summary>
    public string Type { get; }

    /// <summary>The value prefixes, each ending in ':'.</summary>
    public IReadOnlyList<string> ValuePrefixes { get; }

    /// <summary>The forms, for messages: <c>aws:account:…</c>, <c>aws:role:…</c>.</summary>
    public IEnumerable<string> Forms => ValuePrefixes.Select(p => $"{Type}:{p}…");

    /// <summary>True when <paramref name="selector"/> has this type and a value of one of the prefixes followed by something.</summary>
    public bool Covers(Selector selector) =>
        string.Equals(selector.Type, Type, StringComparison.Ordinal)
        && selector.Value is { } value
        && ValuePrefixes.Any(p => value.Length > p.Length && value.StartsWith(p, StringComparison.Ordinal));
}
