namespace Bridge.Attestors.Oidc;

/// <summary>How the verified claims of an issuer's tokens become selectors.</summary>
public enum OidcIssuerProfile
{
    /// <summary>Any OIDC issuer: <c>oidc:sub:…</c> and the configured <see cref="OidcIssuerOptions.SelectorClaims"/>.</summary>
    Generic = 0,

    /// <summary>AWS STS <c>GetWebIdentityToken</c> (IAM outbound identity federation): <c>aws:…</c> selectors.</summary>
    AwsSts,

    /// <summary>EKS / Kubernetes projected service-account tokens: <c>k8s:…</c> selectors.</summary>
    Eks,
}
