using System.Security.Cryptography;
using System.Text;
using Bridge.Authority.Exchange;
using Bridge.ExchangeFunction.Protocol;
using Bridge.Protocol;

namespace Bridge.ExchangeFunction.Endpoints;

/// <summary>Builds the RFC 8693 success body for an issued SVID.</summary>
internal sealed class TokenResponseWriter(TimeProvider timeProvider)
{
    public TokenExchangeResponse Write(ExchangeResult result)
    {
        var now = timeProvider.GetUtcNow();
        if (result.JwtSvid is { } jwt)
        {
            return new TokenExchangeResponse
            {
                AccessToken = jwt.Token,
                IssuedTokenType = TokenTypeUris.Jwt,
                ExpiresIn = SecondsUntil(jwt.ExpiresAt, now),
                SpiffeId = result.SpiffeId.ToString(),
                Hint = result.Hint,
            };
        }

        var x509 = result.X509Svid ?? throw new InvalidOperationException("A successful exchange carries an SVID.");
        ReadOnlyMemory<byte>[] chain = [x509.LeafDer, .. x509.Intermediates.Select(c => c.RawDataMemory)];
        var pem = new StringBuilder();
        foreach (var der in chain)
        {
            pem.Append(PemEncoding.Write("CERTIFICATE", der.Span)).Append('\n');
        }

        return new TokenExchangeResponse
        {
            AccessToken = pem.ToString(),
            IssuedTokenType = TokenTypeUris.X509Svid,
            ExpiresIn = SecondsUntil(x509.ExpiresAt, now),
            SpiffeId = result.SpiffeId.ToString(),
            Hint = result.Hint,
            CertificateChain = [.. chain.Select(der => Convert.ToBase64String(der.Span))],
            TrustBundle = [.. x509.TrustAnchors.Select(c => Convert.ToBase64String(c.RawData))],
        };
    }

    private static long SecondsUntil(DateTimeOffset expiresAt, DateTimeOffset now) =>
        Math.Max(0, (long)(expiresAt - now).TotalSeconds);
}
