using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Protocol;
using Bridge.Spiffe.Bundle.X509;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.X509;

namespace Bridge.Client.Exchange;

/// <summary>Turns a success body into a typed SVID, refusing anything that does not hang together.</summary>
public sealed partial class BridgeExchangeClient
{
    private static IssuedJwtSvid ParseJwtSvid(TokenExchangeResponse body, IReadOnlyList<string> audiences, DateTimeOffset issuedAt)
    {
        var (id, lifetime) = Common(body, TokenTypeUris.Jwt);
        if (body.AccessToken!.Count(c => c == '.') != 2)
        {
            throw Invalid("The JWT-SVID is not a compact JWS.");
        }

        return new IssuedJwtSvid(body.AccessToken!, id, audiences, issuedAt, issuedAt + lifetime, body.Hint);
    }

    private static IssuedX509Svid ParseX509Svid(TokenExchangeResponse body, DateTimeOffset issuedAt, DateTimeOffset now)
    {
        var (id, _) = Common(body, TokenTypeUris.X509Svid);
        if (body.CertificateChain is not { Count: > 0 } x5c || body.TrustBundle is not { Count: > 0 } roots)
        {
            throw Invalid("The X.509-SVID response lacks its chain or trust bundle.");
        }

        X509Certificate2[] chain;
        X509Certificate2[] authorities;
        try
        {
            chain = [.. x5c.Select(Load)];
            authorities = [.. roots.Select(Load)];
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            throw new BridgeExchangeException(BridgeExchangeException.InvalidResponse, "A certificate in the response is malformed.", HttpStatusCode.OK, ex);
        }

        // The chain must verify against the bundle sent with it and name the SPIFFE ID Bridge claims it issued.
        var bundle = new X509Bundle(id.TrustDomain, authorities);
        var verified = X509SvidVerifier.Verify(chain, bundle, now);
        if (!verified.IsValid || verified.Id != id)
        {
            throw Invalid("The issued X.509-SVID does not verify against the trust bundle.");
        }

        var expiresAt = new DateTimeOffset(chain[0].NotAfter.ToUniversalTime(), TimeSpan.Zero);
        return new IssuedX509Svid(id, chain, bundle, issuedAt, expiresAt, body.Hint);
    }

    private static (SpiffeId Id, TimeSpan Lifetime) Common(TokenExchangeResponse body, string expectedType)
    {
        if (string.IsNullOrEmpty(body.AccessToken) || body.IssuedTokenType != expectedType)
        {
            throw Invalid("The response does not carry the requested token type.");
        }

        if (!SpiffeId.TryParse(body.SpiffeId, out var id))
        {
            throw Invalid("The response's spiffe_id is not a SPIFFE ID.");
        }

        if (body.ExpiresIn is not (> 0 and <= 366L * 24 * 3600))
        {
            throw Invalid("The response's expires_in is out of range.");
        }

        return (id, TimeSpan.FromSeconds(body.ExpiresIn));
    }

    private static X509Certificate2 Load(string base64Der) => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(base64Der));
}
