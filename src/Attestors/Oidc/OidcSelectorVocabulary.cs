using Bridge.Abstractions.Attestation;
using Bridge.Attestors.Oidc.Profiles;

namespace Bridge.Attestors.Oidc;

/// <summary>
/// The selectors a configured OIDC issuer (one attestor instance) can emit, from the same constants its profile's
/// claims mapper uses. <c>bridge entry</c> warns about entry selectors outside it.
/// </summary>
public static class OidcSelectorVocabulary
{
    /// <summary>
    /// What some issuer of some profile could emit (a Generic issuer any claim): the check used when no issuer is
    /// configured yet, which still catches a selector no Bridge attestor ever emits, such as <c>aws:role_name:…</c>.
    /// </summary>
    public static IReadOnlyList<SelectorVocabulary> EveryProfile { get; } =
        [AwsStsSelectors.Vocabulary, EksSelectors.Vocabulary, GenericSelectors.AnyClaimVocabulary];

    /// <summary>The vocabulary of <paramref name="issuer"/>: its profile's selectors (and, for Generic, its selector claims).</summary>
    public static SelectorVocabulary For(OidcIssuerOptions issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        return For(issuer.Profile, issuer.SelectorClaims ?? []);
    }

    /// <summary>The vocabulary of <paramref name="profile"/>; <paramref name="selectorClaims"/> matter for Generic only.</summary>
    public static SelectorVocabulary For(OidcIssuerProfile profile, IEnumerable<string> selectorClaims)
    {
        ArgumentNullException.ThrowIfNull(selectorClaims);
        return profile switch
        {
            OidcIssuerProfile.AwsSts => AwsStsSelectors.Vocabulary,
            OidcIssuerProfile.Eks => EksSelectors.Vocabulary,
            _ => GenericSelectors.VocabularyFor(selectorClaims),
        };
    }
}
