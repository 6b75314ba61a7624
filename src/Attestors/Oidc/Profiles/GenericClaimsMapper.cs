using System.Text.Json;

namespace Bridge.Attestors.Oidc.Profiles;

/// <summary>Maps verified claims of any OIDC issuer to <c>oidc:sub:…</c> and <c>oidc:claim:&lt;name&gt;:…</c> selectors.</summary>
internal static class GenericClaimsMapper
{
    public static OidcClaimsMapping Map(JsonElement payload, string subject, OidcIssuer issuer)
    {
        var builder = new SelectorSetBuilder();
        builder.Add(GenericSelectors.Type, GenericSelectors.Subject, subject);
        builder.AddTemplateValue("sub", subject);
        foreach (var name in issuer.SelectorClaims)
        {
            if (!payload.TryGetProperty(name, out var value))
            {
                continue;
            }

            var prefix = GenericSelectors.Claim(name);
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    builder.Add(GenericSelectors.Type, prefix, value.GetString());
                    builder.AddTemplateValue(name, value.GetString());
                    break;
                case JsonValueKind.Number:
                    builder.Add(GenericSelectors.Type, prefix, value.GetRawText());
                    break;
                case JsonValueKind.True:
                case JsonValueKind.False:
                    builder.Add(GenericSelectors.Type, prefix, value.ValueKind == JsonValueKind.True ? "true" : "false");
                    break;
                case JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String):
                    foreach (var element in value.EnumerateArray())
                    {
                        builder.Add(GenericSelectors.Type, prefix, element.GetString());
                    }

                    break;
                default:
                    // Objects, nulls and mixed arrays have no single textual form: not exposed.
                    break;
            }
        }

        return OidcClaimsMapping.Accept(builder);
    }
}
