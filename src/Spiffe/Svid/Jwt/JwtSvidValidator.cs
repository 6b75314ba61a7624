using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Bridge.Spiffe.Bundle.Jwt;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Internal;

namespace Bridge.Spiffe.Svid.Jwt;

/// <summary>
/// Validates JWT-SVIDs (JWT-SVID spec; go-spiffe <c>jwtsvid.ParseAndValidate</c>) with BCL crypto only. Order: size,
/// compact form, header (alg first, then only alg/kid/typ allowed), payload <c>sub</c>, the bundle of the subject's
/// trust domain, <c>kid</c>, key type against alg, signature, then <c>exp</c>/<c>nbf</c>/<c>iat</c> and <c>aud</c>.
/// </summary>
public static partial class JwtSvidValidator
{
    /// <summary>Tokens longer than this many characters are rejected before any decoding.</summary>
    public const int MaxTokenLength = 16 * 1024;

    /// <summary>The largest clock-skew leeway accepted (a larger one would make expiry meaningless).</summary>
    public static readonly TimeSpan MaxLeeway = TimeSpan.FromDays(1);

    /// <summary>Validates <paramref name="token"/> for <paramref name="audience"/> at <paramref name="now"/>.</summary>
    /// <param name="token">The compact JWS.</param>
    /// <param name="bundles">Where the signing keys of the subject's trust domain come from.</param>
    /// <param name="audience">This validator's own audience; the token's <c>aud</c> must contain it.</param>
    /// <param name="now">The current time (from the caller's <see cref="TimeProvider"/>).</param>
    /// <param name="leeway">Clock skew tolerated for <c>exp</c>, <c>nbf</c> and <c>iat</c>; 0 to <see cref="MaxLeeway"/>.</param>
    /// <exception cref="ArgumentException">The audience is empty or the leeway is out of range.</exception>
    public static JwtSvidValidationResult Validate(
        string token, IJwtBundleSource bundles, string audience, DateTimeOffset now, TimeSpan leeway = default)
    {
        ArgumentNullException.ThrowIfNull(bundles);
        ArgumentException.ThrowIfNullOrEmpty(audience);
        ArgumentOutOfRangeException.ThrowIfLessThan(leeway, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(leeway, MaxLeeway);

        if (!TryReadUnverified(token, out var header, out var payload, out var error))
        {
            return Fail(error);
        }

        using (header)
        using (payload)
        {
            return Verify(token, header.RootElement, payload.RootElement, bundles, audience, now, leeway);
        }
    }

    private static JwtSvidValidationResult Verify(
        string token, JsonElement header, JsonElement claims, IJwtBundleSource bundles, string audience, DateTimeOffset now, TimeSpan leeway)
    {
        // The header was checked by TryReadUnverified; this only reads it again.
        TryReadHeader(header, out var algorithm, out var keyId, out _);
        if (!TryReadSubject(claims, out var id, out var error))
        {
            return Fail(error);
        }

        // The subject's own trust domain supplies the key: a key trusted for one domain must not vouch for another.
        var bundle = bundles.GetJwtBundleForTrustDomain(id.TrustDomain);
        if (bundle is null)
        {
            return Fail(JwtSvidErrors.NoBundle);
        }

        if (!bundle.TryGetAuthority(keyId, out var authority))
        {
            return Fail(JwtSvidErrors.UnknownKeyId);
        }

        if (!algorithm.Fits(authority.Material))
        {
            return Fail(JwtSvidErrors.KeyMismatch);
        }

        var secondDot = token.LastIndexOf('.');
        if (!Base64UrlStrict.TryDecode(token.AsSpan(secondDot + 1), out var signature)
            || signature.Length != algorithm.SignatureLength(authority.Material))
        {
            return Fail(JwtSvidErrors.MalformedSignature);
        }

        if (!algorithm.Verify(authority.Material, Encoding.ASCII.GetBytes(token, 0, secondDot), signature))
        {
            return Fail(JwtSvidErrors.BadSignature);
        }

        if (!TryValidateTimes(claims, now, leeway, out var expiresAt, out error)
            || !TryReadAudience(claims, audience, out var audiences, out error))
        {
            return Fail(error);
        }

        return JwtSvidValidationResult.Success(new JwtSvid(id, audiences, expiresAt, CloneClaims(claims), token));
    }

    // Size, compact form, header and payload JSON: everything that does not need a key.
    private static bool TryReadUnverified(
        string token, [NotNullWhen(true)] out JsonDocument? header, [NotNullWhen(true)] out JsonDocument? payload, [NotNullWhen(false)] out string? error)
    {
        header = payload = null;
        if (string.IsNullOrEmpty(token))
        {
            error = JwtSvidErrors.Empty;
            return false;
        }

        if (token.Length > MaxTokenLength)
        {
            error = JwtSvidErrors.TooLarge;
            return false;
        }

        var firstDot = token.IndexOf('.', StringComparison.Ordinal);
        var secondDot = firstDot < 0 ? -1 : token.IndexOf('.', firstDot + 1);
        if (firstDot <= 0 || secondDot <= firstDot + 1 || secondDot == token.Length - 1
            || token.IndexOf('.', secondDot + 1) >= 0)
        {
            error = JwtSvidErrors.NotCompact;
            return false;
        }

        header = ParseObject(token.AsSpan(0, firstDot), JwtSvidErrors.MalformedHeader, JwtSvidErrors.DuplicateHeaderMember, out error);
        if (header is null || !TryReadHeader(header.RootElement, out _, out _, out error))
        {
            header?.Dispose();
            header = null;
            error ??= JwtSvidErrors.MalformedHeader;
            return false;
        }

        payload = ParseObject(token.AsSpan(firstDot + 1, secondDot - firstDot - 1), JwtSvidErrors.MalformedPayload, JwtSvidErrors.DuplicateClaim, out error);
        if (payload is null)
        {
            header.Dispose();
            header = null;
            error ??= JwtSvidErrors.MalformedPayload;
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryReadSubject(JsonElement claims, out SpiffeId id, [NotNullWhen(false)] out string? error)
    {
        id = default;
        if (!claims.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String)
        {
            error = JwtSvidErrors.MissingSubject;
            return false;
        }

        if (!SpiffeId.TryParse(sub.GetString(), out id))
        {
            error = JwtSvidErrors.InvalidSubject;
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryReadHeader(JsonElement header, out JwsAlgorithm algorithm, out string keyId, out string? error)
    {
        algorithm = null!;
        keyId = string.Empty;

        // The spec requires alg to be checked before anything else in the token is processed.
        if (!header.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String)
        {
            error = JwtSvidErrors.MissingAlgorithm;
            return false;
        }

        if (JwsAlgorithm.Find(alg.GetString()!) is not { } found)
        {
            error = JwtSvidErrors.UnsupportedAlgorithm;
            return false;
        }

        foreach (var member in header.EnumerateObject())
        {
            if (member.Name is not ("alg" or "kid" or "typ"))
            {
                error = JwtSvidErrors.UnexpectedHeader;
                return false;
            }
        }

        if (header.TryGetProperty("typ", out var typ)
            && (typ.ValueKind != JsonValueKind.String || typ.GetString() is not ("JWT" or "JOSE")))
        {
            error = JwtSvidErrors.BadType;
            return false;
        }

        if (!header.TryGetProperty("kid", out var kid) || kid.ValueKind != JsonValueKind.String || kid.GetString() is not { Length: > 0 } kidValue)
        {
            error = JwtSvidErrors.MissingKeyId;
            return false;
        }

        algorithm = found;
        keyId = kidValue;
        error = null;
        return true;
    }

    private static JsonDocument? ParseObject(ReadOnlySpan<char> part, string malformed, string duplicate, out string? error)
    {
        error = malformed;
        if (!Base64UrlStrict.TryDecode(part, out var json))
        {
            return null;
        }

        var document = StrictJson.TryParse(json, out var failure);
        if (document is null)
        {
            error = failure == JsonParseFailure.DuplicateMember ? duplicate : malformed;
            return null;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return null;
        }

        error = null;
        return document;
    }

    private static JwtSvidValidationResult Fail(string error) => JwtSvidValidationResult.Failure(error);
}
