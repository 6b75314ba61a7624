using System.Buffers.Text;
using System.Globalization;
using Bridge.Authority.Exchange;
using Bridge.Protocol;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Primitives;

namespace Bridge.ExchangeFunction.Protocol;

/// <summary>
/// Turns the RFC 8693 form into an <see cref="ExchangeRequest"/>. Strict: unknown, unsupported and repeated
/// single-valued parameters are refused rather than ignored, so a caller never believes a parameter took effect.
/// </summary>
public static class TokenExchangeFormParser
{
    /// <summary>The most audiences one JWT-SVID may carry.</summary>
    public const int MaxAudiences = 16;

    /// <summary>The longest accepted audience value (AWS IAM client IDs are at most 255 characters).</summary>
    public const int MaxAudienceLength = 255;

    /// <summary>The largest accepted DER CSR.</summary>
    public const int MaxCsrBytes = 16 * 1024;

    private const string PemLabel = "CERTIFICATE REQUEST";

    private static readonly char[] AsciiWhitespace = [' ', '\t', '\n', '\v', '\f', '\r'];

    /// <summary>Parses the form; returns the request or the OAuth error to answer with.</summary>
    public static (ExchangeRequest? Request, OAuthError? Error) Parse(IEnumerable<KeyValuePair<string, StringValues>> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var values = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        foreach (var (name, value) in form)
        {
            if (!TokenExchangeParameters.Known.Contains(name) || TokenExchangeParameters.Unsupported.Contains(name))
            {
                return (null, OAuthError.MalformedRequest);
            }

            values[name] = value;
        }

        if (!TrySingle(values, TokenExchangeParameters.GrantType, required: true, out var grantType)
            || !TrySingle(values, TokenExchangeParameters.SubjectToken, required: true, out var subjectToken)
            || !TrySingle(values, TokenExchangeParameters.SubjectTokenType, required: true, out var subjectTokenType)
            || !TrySingle(values, TokenExchangeParameters.RequestedTokenType, required: false, out var requestedTokenType)
            || !TrySingle(values, TokenExchangeParameters.Resource, required: false, out var resource)
            || !TrySingle(values, TokenExchangeParameters.Csr, required: false, out var csr)
            || !TrySingle(values, TokenExchangeParameters.Ttl, required: false, out var ttl))
        {
            return (null, OAuthError.MalformedRequest);
        }

        // Shell recipes hand over the token with the newline the AWS CLI's text output ends with: surrounding ASCII
        // whitespace is never part of a compact JWS, so it is dropped rather than refused.
        subjectToken = subjectToken!.Trim(AsciiWhitespace);
        if (subjectToken.Length == 0)
        {
            return (null, OAuthError.MalformedRequest);
        }

        if (grantType != TokenTypeUris.TokenExchangeGrant)
        {
            return (null, OAuthError.UnsupportedGrantType);
        }

        SvidKind kind;
        switch (requestedTokenType)
        {
            case null or TokenTypeUris.Jwt:
                kind = SvidKind.Jwt;
                break;
            case TokenTypeUris.X509Svid:
                kind = SvidKind.X509;
                break;
            default:
                return (null, OAuthError.UnsupportedRequestedTokenType);
        }

        var audiences = values.GetValueOrDefault(TokenExchangeParameters.Audience);
        if (!TryAudiences(audiences, out var audienceList) || (kind == SvidKind.X509 && audienceList.Count > 0))
        {
            return (null, OAuthError.MalformedRequest);
        }

        // A CSR belongs to X.509 requests only; one without the other is a mistake worth telling the caller about.
        ReadOnlyMemory<byte> csrDer = default;
        if ((kind == SvidKind.X509) != (csr is not null) || (csr is not null && !TryDecodeCsr(csr, out csrDer)))
        {
            return (null, kind == SvidKind.X509 && csr is not null ? OAuthError.InvalidCertificateRequest : OAuthError.MalformedRequest);
        }

        SpiffeId? requestedId = null;
        if (resource is not null)
        {
            if (!SpiffeId.TryParse(resource, out var id))
            {
                return (null, OAuthError.ResourceNotAvailable);
            }

            requestedId = id;
        }

        TimeSpan? requestedTtl = null;
        if (ttl is not null)
        {
            if (!int.TryParse(ttl, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
            {
                return (null, OAuthError.MalformedRequest);
            }

            requestedTtl = TimeSpan.FromSeconds(seconds);
        }

        return (new ExchangeRequest
        {
            SubjectToken = subjectToken!,
            SubjectTokenType = subjectTokenType!,
            Kind = kind,
            Audiences = audienceList,
            RequestedSpiffeId = requestedId,
            CertificateRequest = csrDer,
            RequestedTtl = requestedTtl,
        }, null);
    }

    private static bool TrySingle(Dictionary<string, StringValues> values, string name, bool required, out string? value)
    {
        value = null;
        if (!values.TryGetValue(name, out var raw) || raw.Count == 0)
        {
            return !required;
        }

        if (raw.Count > 1 || string.IsNullOrEmpty(raw[0]))
        {
            return false;
        }

        value = raw[0];
        return true;
    }

    /// <summary>
    /// The audience rule of every JWT-SVID request (here and the agent API): at most <see cref="MaxAudiences"/>, none
    /// blank, longer than <see cref="MaxAudienceLength"/> or repeated.
    /// </summary>
    internal static bool TryAudiences(StringValues raw, out IReadOnlyList<string> audiences)
    {
        audiences = [];
        if (raw.Count > MaxAudiences)
        {
            return false;
        }

        var list = new List<string>(raw.Count);
        foreach (var audience in raw)
        {
            if (string.IsNullOrWhiteSpace(audience) || audience.Length > MaxAudienceLength || list.Contains(audience, StringComparer.Ordinal))
            {
                return false;
            }

            list.Add(audience);
        }

        audiences = list;
        return true;
    }

    /// <summary>
    /// Accepts a PEM CSR, or its DER in base64 or base64url. Only decoding happens here; the issuer verifies it. The agent
    /// API decodes its <c>csr</c> members with the same rule.
    /// </summary>
    internal static bool TryDecodeCsr(string text, out ReadOnlyMemory<byte> der)
    {
        der = default;
        var trimmed = text.AsSpan().Trim();
        if (trimmed.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            if (!System.Security.Cryptography.PemEncoding.TryFind(trimmed, out var fields)
                || !trimmed[fields.Label].SequenceEqual(PemLabel)
                || fields.DecodedDataLength > MaxCsrBytes)
            {
                return false;
            }

            var buffer = new byte[fields.DecodedDataLength];
            if (!Convert.TryFromBase64Chars(trimmed[fields.Base64Data], buffer, out var written))
            {
                return false;
            }

            der = buffer.AsMemory(0, written);
            return true;
        }

        if (trimmed.Length > MaxCsrBytes * 4 / 3 + 4)
        {
            return false;
        }

        var normalized = trimmed.ToString().Replace('-', '+').Replace('_', '/');
        normalized = normalized.PadRight(normalized.Length + ((4 - (normalized.Length % 4)) % 4), '=');
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(normalized.Length)];
        if (!Convert.TryFromBase64String(normalized, bytes, out var length) || length == 0)
        {
            return false;
        }

        der = bytes.AsMemory(0, length);
        return true;
    }
}
