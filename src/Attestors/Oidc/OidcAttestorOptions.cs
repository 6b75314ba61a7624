namespace Bridge.Attestors.Oidc;

/// <summary>
/// Options of the OIDC JWT attestor (configuration section <see cref="SectionName"/>). There is deliberately no switch
/// that turns off the signature, issuer, audience or lifetime checks.
/// </summary>
public sealed class OidcAttestorOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Bridge:Attestors:Oidc";

    /// <summary>The largest token accepted, and the default for <see cref="MaxTokenSize"/>.</summary>
    public const int HardMaxTokenSize = 16384;

    /// <summary>
    /// Bridge's own audience. Every subject token must carry it in <c>aud</c>; a token minted for another relying party
    /// is never accepted (confused-deputy defence).
    /// </summary>
    public string Audience { get; set; } = string.Empty;

    /// <summary>The largest token accepted, in bytes (characters); at most <see cref="HardMaxTokenSize"/>.</summary>
    public int MaxTokenSize { get; set; } = HardMaxTokenSize;

    /// <summary>The trusted issuers. A token is validated only against the issuer whose identifier equals its <c>iss</c>.</summary>
    public List<OidcIssuerOptions> Issuers { get; set; } = [];
}
