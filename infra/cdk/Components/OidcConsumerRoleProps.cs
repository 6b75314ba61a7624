namespace Bridge.Infrastructure.Components;

/// <summary>Settings of <see cref="OidcConsumerRole"/>.</summary>
public sealed record OidcConsumerRoleProps
{
    /// <summary>Bridge's issuer, exactly the JWT-SVID <c>iss</c>: <c>https://</c>, no port, no query, no trailing '/'.</summary>
    public required string IssuerUrl { get; init; }

    /// <summary>The JWT-SVID audience the role accepts; the provider's client id (e.g. <c>sts.amazonaws.com</c>).</summary>
    public required string Audience { get; init; }

    /// <summary>The one SPIFFE ID (the JWT-SVID <c>sub</c>) allowed to assume the role.</summary>
    public required string SpiffeId { get; init; }

    /// <summary>An optional description of the role.</summary>
    public string? Description { get; init; }
}
