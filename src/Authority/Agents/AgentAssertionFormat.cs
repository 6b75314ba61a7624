using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Bridge.Spiffe.Svid.Jwt;

namespace Bridge.Authority.Agents;

/// <summary>
/// Reads the parts of an agent assertion (docs/agent-api.md) and verifies its signature. Strict: every claim has
/// exactly one type, NumericDates are integers, and the key must suit the algorithm (no key-type confusion).
/// </summary>
internal static class AgentAssertionFormat
{
    private const int MaxCertificateBase64Length = 16 * 1024;
    private const int MaxClaimLength = 2048;

    /// <summary>The algorithms an agent SVID key can sign with: those of the keys a CSR may carry.</summary>
    public static JwsAlgorithm? FindAlgorithm(string alg) =>
        alg is "ES256" or "ES384" or "RS256" ? JwsAlgorithm.Find(alg) : null;

    public static bool HasType(JsonElement header, string type) =>
        header.TryGetProperty("typ", out var typ) && typ.ValueKind == JsonValueKind.String && typ.ValueEquals(type);

    /// <summary>The <c>x5c</c> certificates (RFC 7515 §4.1.6: standard base64 DER, leaf first), or null.</summary>
    public static X509Certificate2[]? ReadChain(JsonElement header, int maxLength)
    {
        if (!header.TryGetProperty("x5c", out var x5c) || x5c.ValueKind != JsonValueKind.Array
            || x5c.GetArrayLength() is var count && (count == 0 || count > maxLength))
        {
            return null;
        }

        var chain = new List<X509Certificate2>(count);
        foreach (var item in x5c.EnumerateArray())
        {
            var certificate = item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 and <= MaxCertificateBase64Length } text
                ? Load(text)
                : null;
            if (certificate is null)
            {
                chain.ForEach(c => c.Dispose());
                return null;
            }

            chain.Add(certificate);
        }

        return [.. chain];
    }

    public static bool TryReadClaims(
        JsonElement payload, int maxTokenIdLength, [NotNullWhen(true)] out AgentAssertion? assertion, out string? detail)
    {
        assertion = null;
        if (!TryReadAudience(payload, out var audience))
        {
            detail = "aud is not one string";
            return false;
        }

        if (ReadNumericDate(payload, "iat") is not { } issuedAt || ReadNumericDate(payload, "exp") is not { } expiresAt)
        {
            detail = "iat or exp is not an integer NumericDate";
            return false;
        }

        if (ReadString(payload, "jti", maxTokenIdLength) is not { } tokenId || !tokenId.All(c => c is > ' ' and <= '~'))
        {
            detail = $"jti is not 1-{maxTokenIdLength} printable ASCII characters";
            return false;
        }

        if (ReadString(payload, "htm", MaxClaimLength) is not { } method || ReadString(payload, "htp", MaxClaimLength) is not { } path)
        {
            detail = "htm or htp is missing";
            return false;
        }

        assertion = new AgentAssertion(audience, issuedAt, expiresAt, tokenId, method, path);
        detail = null;
        return true;
    }

    /// <summary>Verifies the JWS signature with the leaf's key, which must be of the algorithm's type and size.</summary>
    public static bool VerifySignature(string token, JwsAlgorithm algorithm, X509Certificate2 leaf)
    {
        // CompactJws accepted exactly three base64url segments, so the last dot ends the signing input.
        var lastDot = token.LastIndexOf('.');
        var signingInput = Encoding.ASCII.GetBytes(token[..lastDot]);
        var encodedSignature = token.AsSpan(lastDot + 1);
        if (encodedSignature.IsEmpty || encodedSignature.Length % 4 == 1)
        {
            return false;
        }

        var signature = new byte[Base64Url.GetMaxDecodedLength(encodedSignature.Length)];
        if (!Base64Url.TryDecodeFromChars(encodedSignature, signature, out var written))
        {
            return false;
        }

        // The one JWS definition checks the key suits the algorithm (curve, RSA of 2048 bits or more) and the length.
        return algorithm.Verify(leaf.PublicKey.ExportSubjectPublicKeyInfo(), signingInput, signature.AsSpan(0, written));
    }

    private static X509Certificate2? Load(string base64)
    {
        var der = new byte[base64.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(base64, der, out var written) || written == 0)
        {
            return null;
        }

        try
        {
            return X509CertificateLoader.LoadCertificate(der.AsSpan(0, written));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    // RFC 7519 allows an array; an assertion names exactly one audience, the service.
    private static bool TryReadAudience(JsonElement payload, [NotNullWhen(true)] out string? audience)
    {
        audience = null;
        if (!payload.TryGetProperty("aud", out var aud))
        {
            return false;
        }

        if (aud.ValueKind == JsonValueKind.Array && aud.GetArrayLength() == 1)
        {
            aud = aud[0];
        }

        audience = aud.ValueKind == JsonValueKind.String ? aud.GetString() : null;
        return audience is { Length: > 0 and <= MaxClaimLength };
    }

    private static string? ReadString(JsonElement payload, string name, int maxLength) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
        && value.GetString() is { Length: > 0 } text && text.Length <= maxLength
            ? text
            : null;

    private static DateTimeOffset? ReadNumericDate(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
        && value.TryGetInt64(out var seconds) && seconds is >= 0 and <= 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
