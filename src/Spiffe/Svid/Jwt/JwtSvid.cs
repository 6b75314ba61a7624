using System.Text.Json;
using Bridge.Spiffe.Id;

namespace Bridge.Spiffe.Svid.Jwt;

/// <summary>
/// A validated JWT-SVID. <see cref="Token"/> is a bearer credential: never log it (<see cref="ToString"/> does not
/// include it).
/// </summary>
public sealed class JwtSvid
{
    /// <summary>Creates an SVID from its parts.</summary>
    /// <exception cref="ArgumentException">The ID is zero, the audience is empty, or the token is empty.</exception>
    public JwtSvid(
        SpiffeId id,
        IReadOnlyList<string> audience,
        DateTimeOffset expiresAt,
        IReadOnlyDictionary<string, JsonElement> claims,
        string token)
    {
        if (id.IsZero)
        {
            throw new ArgumentException("The SPIFFE ID must not be zero.", nameof(id));
        }

        ArgumentNullException.ThrowIfNull(audience);
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentException.ThrowIfNullOrEmpty(token);
        if (audience.Count == 0)
        {
            throw new ArgumentException("A JWT-SVID has at least one audience.", nameof(audience));
        }

        Id = id;
        Audience = [.. audience];
        ExpiresAt = expiresAt;
        Claims = claims;
        Token = token;
    }

    /// <summary>The SPIFFE ID from the <c>sub</c> claim.</summary>
    public SpiffeId Id { get; }

    /// <summary>The <c>aud</c> claim values.</summary>
    public IReadOnlyList<string> Audience { get; }

    /// <summary>The <c>exp</c> claim.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>Every payload claim, registered or private.</summary>
    public IReadOnlyDictionary<string, JsonElement> Claims { get; }

    /// <summary>The compact JWS. Secret: never log it.</summary>
    public string Token { get; }

    /// <inheritdoc/>
    public override string ToString() => $"JWT-SVID {Id} (expires {ExpiresAt:O})";
}
