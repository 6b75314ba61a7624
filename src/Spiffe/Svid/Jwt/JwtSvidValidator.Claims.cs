using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Bridge.Spiffe.Svid.Jwt;

/// <summary>Registered-claim checks: <c>exp</c>, <c>nbf</c>, <c>iat</c> (RFC 7519 §4.1) and <c>aud</c>.</summary>
public static partial class JwtSvidValidator
{
    private static readonly long MinUnixSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private static bool TryValidateTimes(
        JsonElement claims, DateTimeOffset now, TimeSpan leeway, out DateTimeOffset expiresAt, [NotNullWhen(false)] out string? error)
    {
        expiresAt = default;
        if (!claims.TryGetProperty("exp", out var exp))
        {
            error = JwtSvidErrors.MissingExpiry;
            return false;
        }

        if (!TryReadNumericDate(exp, out expiresAt))
        {
            error = JwtSvidErrors.BadExpiry;
            return false;
        }

        // RFC 7519 §4.1.4: the current time must be before exp.
        if (now - leeway >= expiresAt)
        {
            error = JwtSvidErrors.Expired;
            return false;
        }

        if (claims.TryGetProperty("nbf", out var nbf))
        {
            if (!TryReadNumericDate(nbf, out var notBefore))
            {
                error = JwtSvidErrors.BadNotBefore;
                return false;
            }

            if (now + leeway < notBefore)
            {
                error = JwtSvidErrors.NotYetValid;
                return false;
            }
        }

        if (claims.TryGetProperty("iat", out var iat))
        {
            if (!TryReadNumericDate(iat, out var issuedAt))
            {
                error = JwtSvidErrors.BadIssuedAt;
                return false;
            }

            if (now + leeway < issuedAt)
            {
                error = JwtSvidErrors.IssuedInFuture;
                return false;
            }
        }

        error = null;
        return true;
    }

    private static bool TryReadNumericDate(JsonElement value, out DateTimeOffset date)
    {
        date = default;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var seconds)
            || seconds < MinUnixSeconds || seconds > MaxUnixSeconds)
        {
            return false;
        }

        date = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    private static bool TryReadAudience(
        JsonElement claims, string expected, out string[] audiences, [NotNullWhen(false)] out string? error)
    {
        audiences = [];
        if (!claims.TryGetProperty("aud", out var aud))
        {
            error = JwtSvidErrors.MissingAudience;
            return false;
        }

        if (aud.ValueKind == JsonValueKind.String)
        {
            audiences = [aud.GetString()!];
        }
        else if (aud.ValueKind == JsonValueKind.Array && aud.GetArrayLength() > 0
            && aud.EnumerateArray().All(a => a.ValueKind == JsonValueKind.String))
        {
            audiences = [.. aud.EnumerateArray().Select(a => a.GetString()!)];
        }
        else
        {
            error = JwtSvidErrors.BadAudience;
            return false;
        }

        error = audiences.Contains(expected, StringComparer.Ordinal) ? null : JwtSvidErrors.AudienceMismatch;
        return error is null;
    }

    private static Dictionary<string, JsonElement> CloneClaims(JsonElement claims)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var claim in claims.EnumerateObject())
        {
            result[claim.Name] = claim.Value.Clone();
        }

        return result;
    }
}
