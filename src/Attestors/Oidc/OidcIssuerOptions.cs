namespace Bridge.Attestors.Oidc;

/// <summary>One trusted OIDC issuer and the policy applied to its tokens.</summary>
/// <remarks>
/// Lists start empty (rather than holding their defaults) because the configuration binder appends to existing list
/// items; an empty <see cref="AllowedAlgorithms"/> means <see cref="OidcAlgorithms.Defaults"/>.
/// </remarks>
public sealed class OidcIssuerOptions
{
    /// <summary>
    /// The default <see cref="MaxUses"/> of <see cref="OidcReplayMode.BoundedReuse"/>: a pod's JWT-SVID and X.509-SVID,
    /// their renewals within the common one-hour token (refreshed at 48 minutes) and a few retries after restarts,
    /// while a stolen token still yields no more than ten SVIDs.
    /// </summary>
    public const int DefaultMaxUses = 10;

    /// <summary>The smallest <see cref="MaxUses"/> (one use is <see cref="OidcReplayMode.SingleUse"/>).</summary>
    public const int MinMaxUses = 2;

    /// <summary>The largest <see cref="MaxUses"/>.</summary>
    public const int MaxMaxUses = 100;

    /// <summary>
    /// The attestor instance name, <c>[a-z0-9-]{1,63}</c>, unique. Registration entries name it as their parent:
    /// <c>spiffe://&lt;td&gt;/bridge/attestor/&lt;name&gt;</c>.
    /// </summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The issuer identifier, compared with <c>iss</c> by exact ordinal equality (no normalisation).</summary>
    public string Issuer { get; set; } = string.Empty;

    /// <summary>How verified claims become selectors.</summary>
    public OidcIssuerProfile Profile { get; set; } = OidcIssuerProfile.Generic;

    /// <summary>The discovery document address; defaults to <see cref="Issuer"/> + <c>/.well-known/openid-configuration</c>.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>
    /// The accepted <c>alg</c> values, a subset of RS/PS/ES 256/384/512. Empty means RS256, ES256, ES384.
    /// <c>none</c> and HMAC algorithms can never be configured.
    /// </summary>
    public List<string> AllowedAlgorithms { get; set; } = [];

    /// <summary>
    /// The largest accepted <c>exp − iat</c>. Null means the profile default: 1 h for <see cref="OidcIssuerProfile.AwsSts"/>
    /// and <see cref="OidcIssuerProfile.Generic"/>, 24 h for <see cref="OidcIssuerProfile.Eks"/>. At most 24 h.
    /// </summary>
    public TimeSpan? MaxTokenLifetime { get; set; }

    /// <summary>
    /// How often one token may be exchanged within its life. Null means the profile default:
    /// <see cref="OidcReplayMode.BoundedReuse"/> for <see cref="OidcIssuerProfile.Eks"/> (a pod reuses its projected
    /// service-account token until the kubelet refreshes it), <see cref="OidcReplayMode.SingleUse"/> otherwise (AWS STS
    /// tokens are cheap to mint). A reusable token that leaks can be exchanged by its thief too, up to
    /// <see cref="MaxUses"/> times within its life.
    /// </summary>
    public OidcReplayMode? Replay { get; set; }

    /// <summary>
    /// <see cref="OidcReplayMode.BoundedReuse"/> only: how many exchanges one token allows, 2 to 100. Null means
    /// <see cref="DefaultMaxUses"/>.
    /// </summary>
    public int? MaxUses { get; set; }

    /// <summary>The tolerated clock difference for <c>exp</c>, <c>nbf</c> and <c>iat</c>; at most 60 s.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The minimum time between forced key refreshes caused by an unknown <c>kid</c>; at least 1 s.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long fetched metadata and keys are used before they are fetched again.</summary>
    public TimeSpan AutomaticRefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Allows plain <c>http</c> for the issuer, metadata and key addresses, but only when their host is a loopback address
    /// or <c>localhost</c>. For local development and tests; HTTPS is required otherwise.
    /// </summary>
    public bool AllowInsecureLoopbackHttp { get; set; }

    /// <summary>
    /// <see cref="OidcIssuerProfile.Generic"/> only: claim names exposed as <c>oidc:claim:&lt;name&gt;:&lt;value&gt;</c>
    /// selectors.
    /// </summary>
    public List<string> SelectorClaims { get; set; } = [];

    /// <summary>
    /// <see cref="OidcIssuerProfile.AwsSts"/> only: the 12-digit AWS account ids whose tokens are accepted. Empty means
    /// any account that can obtain a token from this issuer.
    /// </summary>
    public List<string> AllowedAccounts { get; set; } = [];
}
