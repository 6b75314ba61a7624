using Bridge.Abstractions.Registration;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Registration;

/// <summary>
/// A registration entry's SPIFFE ID, possibly with <c>{name}</c> placeholders in its path, for example
/// <c>spiffe://example.org/aws/{account}/role/{role_name}</c>. Parsed once; rendered per request from the verified
/// template values of an attested identity. A placeholder fills part or all of one path segment and can never
/// produce more than that: a value must itself be a valid, non-dot path segment.
/// </summary>
public sealed class SpiffeIdTemplate
{
    /// <summary>The longest placeholder name accepted.</summary>
    public const int MaxPlaceholderNameLength = 64;

    private const string Scheme = "spiffe://";

    // Literal text and placeholder names alternate: even indexes are literals (possibly empty), odd are names.
    private readonly string[] _parts;

    private SpiffeIdTemplate(string template, string[] parts, TrustDomain trustDomain, string[] placeholderNames)
    {
        Template = template;
        _parts = parts;
        TrustDomain = trustDomain;
        PlaceholderNames = placeholderNames;
    }

    /// <summary>The template text as written.</summary>
    public string Template { get; }

    /// <summary>The trust domain of every ID the template renders (placeholders are allowed only in the path).</summary>
    public TrustDomain TrustDomain { get; }

    /// <summary>The distinct placeholder names, in order of first appearance; empty for a plain SPIFFE ID.</summary>
    public IReadOnlyList<string> PlaceholderNames { get; }

    /// <summary>True when the template has at least one placeholder.</summary>
    public bool HasPlaceholders => PlaceholderNames.Count > 0;

    /// <summary>Parses a template.</summary>
    /// <exception cref="FormatException">The template is malformed.</exception>
    public static SpiffeIdTemplate Parse(string template) =>
        TryParse(template, out var result, out var error)
            ? result
            : throw new FormatException($"Invalid SPIFFE ID template: {error}.");

    /// <summary>
    /// Parses a template: placeholders must read <c>{[a-z][a-z0-9_]*}</c>, appear only in the path, not nest, and
    /// every other brace is an error. With each placeholder replaced by a one-character segment, the result must be a
    /// valid SPIFFE ID. The error is safe to show to an operator.
    /// </summary>
    public static bool TryParse(
        [NotNullWhen(true)] string? template,
        [NotNullWhen(true)] out SpiffeIdTemplate? result,
        [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (string.IsNullOrEmpty(template))
        {
            error = "cannot be empty";
            return false;
        }

        if (!template.StartsWith(Scheme, StringComparison.Ordinal))
        {
            error = "scheme is missing or invalid";
            return false;
        }

        var pathStart = template.IndexOf('/', Scheme.Length);
        var authorityEnd = pathStart < 0 ? template.Length : pathStart;
        if (template.AsSpan(0, authorityEnd).IndexOfAny('{', '}') >= 0)
        {
            error = "placeholders are allowed only in the path";
            return false;
        }

        var parts = new List<string>();
        var names = new List<string>();
        var literal = new StringBuilder(template.Length);
        var sample = new StringBuilder(template.Length);
        literal.Append(template, 0, authorityEnd);
        sample.Append(template, 0, authorityEnd);
        for (var i = authorityEnd; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '}')
            {
                error = "'}' without a matching '{'";
                return false;
            }

            if (c != '{')
            {
                literal.Append(c);
                sample.Append(c);
                continue;
            }

            var close = template.IndexOf('}', i + 1);
            var nextOpen = template.IndexOf('{', i + 1);
            if (close < 0)
            {
                error = "'{' without a matching '}'";
                return false;
            }

            if (nextOpen >= 0 && nextOpen < close)
            {
                error = "placeholders cannot nest";
                return false;
            }

            var name = template[(i + 1)..close];
            if (!IsValidPlaceholderName(name))
            {
                error = "placeholder names must match [a-z][a-z0-9_]* and have at most 64 characters";
                return false;
            }

            parts.Add(literal.ToString());
            parts.Add(name);
            literal.Clear();
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }

            sample.Append('x');
            i = close;
        }

        parts.Add(literal.ToString());
        if (!SpiffeId.TryParse(sample.ToString(), out var sampleId, out error))
        {
            return false;
        }

        result = new SpiffeIdTemplate(template, [.. parts], sampleId.TrustDomain, [.. names]);
        return true;
    }

    /// <summary>True when <paramref name="name"/> is a well-formed placeholder name (<c>[a-z][a-z0-9_]*</c>).</summary>
    public static bool IsValidPlaceholderName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxPlaceholderNameLength || !char.IsAsciiLetterLower(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Fills the placeholders from <paramref name="values"/> (verified template values only). Fails, giving no
    /// identity, when a placeholder has no value, a value is not a valid path segment on its own (empty, <c>.</c>,
    /// <c>..</c>, or containing '/', '%' or any character outside <c>[A-Za-z0-9._-]</c>), the result is not a
    /// valid SPIFFE ID, or the result falls under Bridge's reserved <c>/bridge</c> path.
    /// </summary>
    public bool TryRender(IReadOnlyDictionary<string, string> values, out SpiffeId id) =>
        TryRender(values, out id, out _);

    /// <summary>
    /// As <see cref="TryRender(IReadOnlyDictionary{string, string}, out SpiffeId)"/>, with the reason for a failure.
    /// The reason names the placeholder but never its value.
    /// </summary>
    public bool TryRender(
        IReadOnlyDictionary<string, string> values,
        out SpiffeId id,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(values);
        id = default;
        var builder = new StringBuilder(Template.Length + 32);
        for (var i = 0; i < _parts.Length; i++)
        {
            if (i % 2 == 0)
            {
                builder.Append(_parts[i]);
                continue;
            }

            var name = _parts[i];
            if (!values.TryGetValue(name, out var value) || value is null)
            {
                error = $"no value for placeholder {{{name}}}";
                return false;
            }

            if (!IsSafeSegmentValue(value))
            {
                error = $"the value for placeholder {{{name}}} is not a valid path segment";
                return false;
            }

            builder.Append(value);
        }

        if (!SpiffeId.TryParse(builder.ToString(), out var rendered, out error))
        {
            return false;
        }

        if (BridgeIds.IsReservedPath(rendered.Path))
        {
            error = "the rendered ID is under the reserved path /bridge";
            return false;
        }

        id = rendered;
        error = null;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Template;

    private static bool IsSafeSegmentValue(string value)
    {
        if (value.Length == 0 || value is "." or "..")
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
