using Bridge.Abstractions.Attestation;

namespace Bridge.Attestors.Oidc.Profiles;

/// <summary>The selectors and template values a profile derived from verified claims, or why it refused them.</summary>
internal sealed class OidcClaimsMapping
{
    private OidcClaimsMapping(IReadOnlyList<Selector> selectors, IReadOnlyDictionary<string, string> templateValues, string? deniedReason)
    {
        Selectors = selectors;
        TemplateValues = templateValues;
        DeniedReason = deniedReason;
    }

    public IReadOnlyList<Selector> Selectors { get; }

    public IReadOnlyDictionary<string, string> TemplateValues { get; }

    /// <summary>Non-null when the claims are refused (<see cref="AttestationFailureKind.PolicyDenied"/>).</summary>
    public string? DeniedReason { get; }

    public static OidcClaimsMapping Accept(SelectorSetBuilder builder) =>
        new(builder.BuildSelectors(), builder.BuildTemplateValues(), null);

    public static OidcClaimsMapping Deny(string reason) =>
        new([], new Dictionary<string, string>(StringComparer.Ordinal), reason);
}
