using System.Text.Json.Serialization;

namespace Bridge.Protocol;

/// <summary>
/// The OIDC discovery document AWS IAM (or any relying party) reads to trust JWT-SVIDs. Its <c>issuer</c> equals the
/// <c>iss</c> of every issued JWT-SVID, and <c>jwks_uri</c> points at <c>/keys</c>.
/// </summary>
public sealed class OpenIdConfiguration
{
    /// <summary>The issuer URL.</summary>
    [JsonPropertyName("issuer")]
    public required string Issuer { get; init; }

    /// <summary>The JWKS URL.</summary>
    [JsonPropertyName("jwks_uri")]
    public required string JwksUri { get; init; }

    /// <summary>Bridge does not run an authorization endpoint; the member is required by OIDC discovery, so it points at the issuer.</summary>
    [JsonPropertyName("authorization_endpoint")]
    public required string AuthorizationEndpoint { get; init; }

    /// <summary>The token endpoint (RFC 8693 exchange).</summary>
    [JsonPropertyName("token_endpoint")]
    public required string TokenEndpoint { get; init; }

    /// <summary>As SPIRE's OIDC provider: <c>id_token</c>.</summary>
    [JsonPropertyName("response_types_supported")]
    public IReadOnlyList<string> ResponseTypesSupported { get; init; } = ["id_token"];

    /// <summary>As SPIRE's OIDC provider: <c>public</c>.</summary>
    [JsonPropertyName("subject_types_supported")]
    public IReadOnlyList<string> SubjectTypesSupported { get; init; } = ["public"];

    /// <summary>The algorithms of the published JWT-SVID keys.</summary>
    [JsonPropertyName("id_token_signing_alg_values_supported")]
    public required IReadOnlyList<string> SigningAlgorithms { get; init; }

    /// <summary>The claims JWT-SVIDs carry.</summary>
    [JsonPropertyName("claims_supported")]
    public IReadOnlyList<string> ClaimsSupported { get; init; } = ["sub", "aud", "exp", "iat", "iss", "jti"];

    /// <summary>The grant types of the token endpoint.</summary>
    [JsonPropertyName("grant_types_supported")]
    public IReadOnlyList<string> GrantTypesSupported { get; init; } = [TokenTypeUris.TokenExchangeGrant];
}
