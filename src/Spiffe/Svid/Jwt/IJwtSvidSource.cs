using Bridge.Spiffe.Id;

namespace Bridge.Spiffe.Svid.Jwt;

/// <summary>
/// Fetches JWT-SVIDs for audiences (go-spiffe <c>jwtsvid.Source</c>), over the direct token exchange or the SPIFFE
/// Workload API. The returned token is a bearer credential: never log it.
/// </summary>
public interface IJwtSvidSource
{
    /// <summary>A JWT-SVID valid now whose <c>aud</c> holds every value of <paramref name="audience"/>.</summary>
    /// <param name="audience">1–16 distinct, non-blank audiences.</param>
    /// <param name="subject">The SPIFFE ID wanted when the caller is entitled to several; null for the default identity.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    ValueTask<JwtSvid> FetchJwtSvidAsync(IReadOnlyList<string> audience, SpiffeId? subject = null, CancellationToken cancellationToken = default);
}
