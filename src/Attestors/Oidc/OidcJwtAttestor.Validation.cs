using System.Text.Json;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Jose;
using Microsoft.IdentityModel.Tokens;

namespace Bridge.Attestors.Oidc;

public sealed partial class OidcJwtAttestor
{
    private async ValueTask<ValidationFailure?> ValidateAsync(string token, CompactJws jws, OidcIssuer issuer, JsonWebKey[] keys)
    {
        var issuedAt = ReadNumericDate(jws.Payload.RootElement, "iat");
        var parameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = issuer.Issuer,
            ValidateAudience = true,
            ValidAudience = _audience,
            RequireAudience = true,
            // The handler by default also accepts "bridge/" for "bridge" (and the reverse): audiences compare exactly,
            // as issuers do.
            IgnoreTrailingSlashWhenValidatingAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = issuer.ClockSkew,
            // TokenValidationParameters.TimeProvider is internal in IdentityModel 8.x, so lifetime uses our clock here.
            LifetimeValidator = (notBefore, expires, _, _) => ValidateLifetime(notBefore, expires, issuedAt, issuer),
            RequireSignedTokens = true,
            IssuerSigningKeys = keys,
            TryAllIssuerSigningKeys = false,
            ValidAlgorithms = issuer.AllowedAlgorithms,
            ValidateTokenReplay = false, // single use is enforced by the caller with the shared replay cache
            SaveSigninToken = false,
        };

        try
        {
            var result = await TokenHandler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
            if (result.IsValid)
            {
                // Belt and braces: the signed iss must be exactly the issuer whose keys verified it.
                return string.Equals(result.Issuer, issuer.Issuer, StringComparison.Ordinal)
                    ? null
                    : new ValidationFailure(AttestationFailureKind.UntrustedIssuer, "verified iss differs from the issuer");
            }

            return MapException(result.Exception);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or JsonException or SecurityTokenException)
        {
            return MapException(ex);
        }
    }

    /// <summary>
    /// Lifetime checks against the injected clock: <c>exp</c> and <c>iat</c> required, nothing in the future beyond the
    /// skew, not expired, and <c>exp − iat</c> within the issuer's maximum lifetime.
    /// </summary>
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, DateTimeOffset? issuedAt, OidcIssuer issuer)
    {
        if (expires is null)
        {
            throw new SecurityTokenNoExpirationException("The token has no exp.");
        }

        if (issuedAt is null)
        {
            throw new OidcValidationException(AttestationFailureKind.PolicyDenied, "iat is missing");
        }

        var now = _timeProvider.GetUtcNow();
        var exp = new DateTimeOffset(DateTime.SpecifyKind(expires.Value, DateTimeKind.Utc));
        DateTimeOffset? nbf = notBefore is { } n ? new DateTimeOffset(DateTime.SpecifyKind(n, DateTimeKind.Utc)) : null;
        if (nbf > exp)
        {
            throw new OidcValidationException(AttestationFailureKind.Malformed, "nbf is after exp");
        }

        if (nbf > now + issuer.ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("nbf is in the future.");
        }

        if (issuedAt > now + issuer.ClockSkew)
        {
            throw new OidcValidationException(AttestationFailureKind.NotYetValid, "iat is in the future");
        }

        if (exp + issuer.ClockSkew <= now)
        {
            throw new SecurityTokenExpiredException("The token has expired.");
        }

        if (exp - issuedAt.Value > issuer.MaxTokenLifetime)
        {
            throw new OidcValidationException(AttestationFailureKind.LifetimeTooLong, "exp - iat exceeds the maximum token lifetime");
        }

        return true;
    }

    private static ValidationFailure MapException(Exception? exception) => exception switch
    {
        OidcValidationException e => new(e.Kind, e.Reason),
        SecurityTokenExpiredException => new(AttestationFailureKind.Expired, "expired"),
        SecurityTokenNotYetValidException => new(AttestationFailureKind.NotYetValid, "nbf is in the future"),
        SecurityTokenNoExpirationException => new(AttestationFailureKind.PolicyDenied, "exp is missing"),
        SecurityTokenInvalidLifetimeException => new(AttestationFailureKind.Malformed, "invalid lifetime"),
        SecurityTokenInvalidAudienceException => new(AttestationFailureKind.WrongAudience, "aud does not contain Bridge's audience"),
        SecurityTokenInvalidIssuerException => new(AttestationFailureKind.UntrustedIssuer, "iss does not match"),
        SecurityTokenMalformedException => new(AttestationFailureKind.Malformed, "malformed token"),
        ArgumentException or FormatException or JsonException => new(AttestationFailureKind.Malformed, "malformed token"),
        // Signature, key, algorithm and anything unforeseen: fail closed as an invalid signature.
        _ => new(AttestationFailureKind.InvalidSignature, "signature validation failed: " + (exception?.GetType().Name ?? "unknown")),
    };

    private static DateTimeOffset? ReadNumericDate(JsonElement payload, string name)
    {
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        if (value.TryGetInt64(out var seconds))
        {
            return seconds is >= 0 and <= 253402300799 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
        }

        return value.TryGetDouble(out var fractional) && fractional is >= 0 and <= 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds((long)fractional)
            : null;
    }

    private readonly record struct ValidationFailure(AttestationFailureKind Kind, string Detail);
}
