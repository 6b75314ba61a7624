namespace Bridge.Attestors.Oidc;

/// <summary>How often one token of an issuer may be exchanged within its life.</summary>
public enum OidcReplayMode
{
    /// <summary>Each token is exchanged once (the default for <see cref="OidcIssuerProfile.AwsSts"/> and <see cref="OidcIssuerProfile.Generic"/>).</summary>
    SingleUse = 0,

    /// <summary>
    /// Each token may be exchanged up to <see cref="OidcIssuerOptions.MaxUses"/> times within its life (the default for
    /// <see cref="OidcIssuerProfile.Eks"/>, whose service-account tokens the kubelet refreshes only at 80 % of their life).
    /// </summary>
    BoundedReuse,
}
