using Microsoft.Extensions.Primitives;

namespace Bridge.ExchangeFunction.Protocol;

/// <summary>
/// Parses an <c>application/x-www-form-urlencoded</c> body strictly. ASP.NET Core's form readers drop or run together
/// parts without <c>=</c> (<c>…&amp;scope</c>), so a parameter could vanish before the strict parameter rules see it;
/// here every non-empty <c>&amp;</c>-separated part must be <c>name=value</c> with a non-empty, bounded name. Empty
/// parts (<c>a=1&amp;&amp;b=2&amp;</c>) name nothing and are skipped. Decoding is the form rule: <c>+</c> is a space,
/// then percent-decoding (an invalid escape stays as written).
/// </summary>
internal static class UrlEncodedForm
{
    /// <summary>The parameters by name (repeats kept in order), or null when the body is not a strict form.</summary>
    public static Dictionary<string, StringValues>? TryParse(ReadOnlySpan<char> body, int maxParameters, int maxNameLength)
    {
        var form = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        var count = 0;
        foreach (var range in body.Split('&'))
        {
            var part = body[range];
            if (part.IsEmpty)
            {
                continue;
            }

            var equals = part.IndexOf('=');
            if (equals <= 0 || ++count > maxParameters)
            {
                return null;
            }

            var name = Decode(part[..equals]);
            if (name.Length > maxNameLength)
            {
                return null;
            }

            var value = Decode(part[(equals + 1)..]);
            form[name] = form.TryGetValue(name, out var earlier) ? StringValues.Concat(earlier, value) : new StringValues(value);
        }

        return form;
    }

    private static string Decode(ReadOnlySpan<char> text) =>
        text.IsEmpty ? string.Empty : Uri.UnescapeDataString(text.ToString().Replace('+', ' '));
}
