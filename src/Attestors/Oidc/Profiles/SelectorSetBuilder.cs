using System.Text.Json;
using Bridge.Abstractions.Attestation;

namespace Bridge.Attestors.Oidc.Profiles;

/// <summary>Collects selectors (distinct, sorted ordinally) and template values from verified claims.</summary>
internal sealed class SelectorSetBuilder
{
    private readonly HashSet<Selector> _selectors = [];
    private readonly Dictionary<string, string> _templateValues = new(StringComparer.Ordinal);

    /// <summary>Adds <c>type:value</c>; a missing or empty value adds nothing.</summary>
    public void Add(string type, string prefix, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _selectors.Add(new Selector(type, prefix + value));
        }
    }

    public void AddTemplateValue(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _templateValues[name] = value;
        }
    }

    public IReadOnlyList<Selector> BuildSelectors() =>
        [.. _selectors.OrderBy(s => s.ToString(), StringComparer.Ordinal)];

    public IReadOnlyDictionary<string, string> BuildTemplateValues() =>
        new Dictionary<string, string>(_templateValues, StringComparer.Ordinal);

    /// <summary>The string value of <paramref name="name"/> in <paramref name="element"/>, or null.</summary>
    public static string? GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>The object value of <paramref name="name"/> in <paramref name="element"/>, if any.</summary>
    public static bool TryGetObject(JsonElement element, string name, out JsonElement value)
    {
        value = default;
        return element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty(name, out value)
            && value.ValueKind == JsonValueKind.Object;
    }
}
