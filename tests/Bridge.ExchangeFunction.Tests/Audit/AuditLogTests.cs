using System.Net;
using System.Security.Cryptography;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Bridge.Testing.Oidc;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Bridge.ExchangeFunction.Tests.Audit;

/// <summary>
/// Every attestation, issuance and denial leaves an audit event with the facts (SPIFFE ID, entry, attestor, subject,
/// jti or serial), and no log event at any level ever carries a presented token, an issued SVID or a CSR.
/// </summary>
public sealed class AuditLogTests(LoggingBridgeFactory factory) : IClassFixture<LoggingBridgeFactory>
{
    [Fact]
    public async Task Exchanges_LeaveAuditEventsAndNeverLogTokens()
    {
        var entry = await factory.RegisterAsync("Audited");
        var token = factory.StsToken("Audited");
        var unregistered = factory.StsToken("Stranger");
        var forged = OidcTokenFactory.SignRaw(
            """{"alg":"RS256","kid":"sts-key-1","typ":"JWT"}""",
            factory.Tokens.StsClaims(BridgeFactory.Account, "role/Audited").ToJsonString(),
            factory.OtherIssuerKey);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = Csrs.Pem(key);

        using var issued = await factory.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"));
        var jwtSvid = (await OAuthAssert.SuccessAsync(issued)).GetProperty("access_token").GetString()!;
        using var replayed = await factory.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"));
        using var denied = await factory.Client.PostTokenAsync(TokenRequest.Jwt(unregistered, "ledger"));
        using var rejected = await factory.Client.PostTokenAsync(TokenRequest.Jwt(forged, "ledger"));
        using var x509 = await factory.Client.PostTokenAsync(TokenRequest.X509(factory.StsToken("Audited"), csr));
        var leaf = X509Response.From(await OAuthAssert.SuccessAsync(x509)).Chain[0];
        Assert.All(new[] { replayed, denied, rejected }, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));

        var logs = factory.Logs.Logs.ToList();
        var spiffeId = $"spiffe://{BridgeFactory.TrustDomainName}/aws/{BridgeFactory.Account}/role/Audited";
        var jti = new JsonWebToken(jwtSvid).Id;

        var jwtIssued = Assert.Single(logs, l => l.EventId.Id == 2004);
        Assert.Equal(spiffeId, jwtIssued.Values["SpiffeId"]);
        Assert.Equal(entry.Id, jwtIssued.Values["EntryId"]);
        Assert.Equal(BridgeFactory.AttestorName, jwtIssued.Values["Attestor"]);
        Assert.Equal($"arn:aws:iam::{BridgeFactory.Account}:role/Audited", jwtIssued.Values["Subject"]);
        Assert.Equal(jti, jwtIssued.Values["TokenId"]);

        var x509Issued = Assert.Single(logs, l => l.EventId.Id == 2005);
        Assert.Equal(leaf.SerialNumber, x509Issued.Values["SerialNumber"]);

        Assert.Contains(logs, l => l.EventId.Id == 2003 && l.Values["FailureKind"] == "Replayed");
        Assert.Contains(logs, l => l.EventId.Id == 2003 && l.Values["FailureKind"] == "NotRegistered");
        Assert.Contains(logs, l => l.EventId.Id == 2001 && l.Values["FailureKind"] == "InvalidSignature");
        // Issued, replayed (verified, then refused as a replay), unregistered, and the X.509 exchange.
        Assert.Equal(4, logs.Count(l => l.EventId.Id == 2000));

        string[] secrets = [token, unregistered, forged, jwtSvid, csr, .. new[] { token, jwtSvid, forged }.Select(t => t.Split('.')[2])];
        foreach (var log in logs)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret.Trim(), log.AllText, StringComparison.Ordinal);
            }
        }
    }
}
