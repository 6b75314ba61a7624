using Bridge.Spiffe.Id;

namespace Bridge.Client.Exchange;

/// <summary>A JWT-SVID as issued by Bridge.</summary>
/// <param name="Token">The compact JWT. Secret: never log it.</param>
/// <param name="SpiffeId">The SPIFFE ID it carries.</param>
/// <param name="Audiences">The audiences it was requested for.</param>
/// <param name="IssuedAt">When the client sent the request (a conservative start of its lifetime).</param>
/// <param name="ExpiresAt">When it expires, from <c>expires_in</c> counted from <paramref name="IssuedAt"/>.</param>
/// <param name="Hint">The registration entry's hint, if any.</param>
public sealed record IssuedJwtSvid(
    string Token, SpiffeId SpiffeId, IReadOnlyList<string> Audiences, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string? Hint)
{
    /// <summary>Describes the SVID without the token.</summary>
    public override string ToString() => "JwtSvid(" + SpiffeId + ", expires " + ExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture) + ")";
}
