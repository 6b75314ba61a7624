using Bridge.Abstractions.Attestation;

namespace Bridge.Attestors.Oidc.Profiles;

/// <summary>
/// The <c>oidc:…</c> selectors of the generic profile: <see cref="GenericClaimsMapper"/> emits only these, and
/// <see cref="VocabularyFor"/> lists exactly these for an issuer's configured selector claims.
/// </summary>
internal static class GenericSelectors
{
    public const string Type = "oidc";
    public const string Subject = "sub:";

    /// <summary>The prefix of claim <paramref name="name"/>'s selectors: <c>claim:&lt;name&gt;:</c>.</summary>
    public static string Claim(string name) => "claim:" + name + ":";

    /// <summary>Every selector some Generic issuer could emit, whatever its selector claims.</summary>
    public static SelectorVocabulary AnyClaimVocabulary { get; } = new(Type, [Subject, "claim:"]);

    public static SelectorVocabulary VocabularyFor(IEnumerable<string> selectorClaims) =>
        new(Type, [Subject, .. selectorClaims.Select(Claim)]);
}
