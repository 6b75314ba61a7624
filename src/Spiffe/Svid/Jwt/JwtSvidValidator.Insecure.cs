namespace Bridge.Spiffe.Svid.Jwt;

/// <summary>Reading a JWT-SVID this process was just handed by its own issuer, without its signature.</summary>
public static partial class JwtSvidValidator
{
    /// <summary>
    /// Parses a JWT-SVID WITHOUT verifying its signature (go-spiffe <c>jwtsvid.ParseInsecure</c>). Only for a token
    /// this process received over a channel it already trusts as the issuer (Bridge's <c>/token</c> over TLS, the
    /// local Workload API socket), to read its subject, audience and expiry before presenting it to someone else.
    /// Never use it to accept a token from a peer: use <see cref="Validate"/> with a bundle for that. Everything but
    /// the signature is checked as <see cref="Validate"/> does: size, compact form, header, <c>sub</c> is a SPIFFE ID,
    /// <c>exp</c> (and <c>nbf</c>, <c>iat</c>) against <paramref name="now"/>, and <c>aud</c> holds every value of
    /// <paramref name="audience"/>.
    /// </summary>
    /// <param name="token">The compact JWS.</param>
    /// <param name="audience">The audiences the token was requested for; each must be in its <c>aud</c>.</param>
    /// <param name="now">The current time (from the caller's <see cref="TimeProvider"/>).</param>
    /// <exception cref="ArgumentException">The audience list is empty or has a blank value.</exception>
    public static JwtSvidValidationResult ParseInsecure(string token, IReadOnlyList<string> audience, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(audience);
        if (audience.Count == 0 || audience.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("At least one non-empty audience is required.", nameof(audience));
        }

        if (!TryReadUnverified(token, out var header, out var payload, out var error))
        {
            return Fail(error);
        }

        using (header)
        using (payload)
        {
            var claims = payload.RootElement;
            if (!TryReadSubject(claims, out var id, out error)
                || !TryValidateTimes(claims, now, TimeSpan.Zero, out var expiresAt, out error)
                || !TryReadAudience(claims, audience[0], out var audiences, out error))
            {
                return Fail(error);
            }

            if (!audience.All(a => audiences.Contains(a, StringComparer.Ordinal)))
            {
                return Fail(JwtSvidErrors.AudienceMismatch);
            }

            return JwtSvidValidationResult.Success(new JwtSvid(id, audiences, expiresAt, CloneClaims(claims), token));
        }
    }
}
