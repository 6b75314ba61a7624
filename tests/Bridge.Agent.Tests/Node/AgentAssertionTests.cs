using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Agent.Node;
using Bridge.Agent.Server;
using Bridge.Spiffe.Id;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bridge.Agent.Tests.Node;

/// <summary>The proof-of-possession assertion, read and verified by an independent JOSE library (Microsoft.IdentityModel).</summary>
public sealed class AgentAssertionTests
{
    [Fact]
    public async Task Assertion_HasTheDocumentedHeaderAndClaimsAndVerifiesWithTheLeafKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var id = SpiffeId.Parse("spiffe://example.org/bridge/agent/aws_iid/123456789012/us-east-1/i-0abc");
        var request = new CertificateRequest("CN=agent", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(id.ToUri());
        request.CertificateExtensions.Add(san.Build());
        using var leaf = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        var credentials = new AgentCredentials(id, key, [leaf], [leaf]);
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        var token = AgentAssertion.Create(credentials, "https://bridge.example.org", "POST", "/agent/v1/renew", now);

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidAudience = "https://bridge.example.org",
            ValidateIssuer = false,
            IssuerSigningKey = new ECDsaSecurityKey(key),
            ValidAlgorithms = ["ES256"],
            ValidTypes = ["bridge-agent+jwt"],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("ES256", jwt.Alg);
        Assert.Equal([Convert.ToBase64String(leaf.RawData)], jwt.GetHeaderValue<List<string>>("x5c"));
        Assert.Equal(now.ToUnixTimeSeconds(), jwt.GetPayloadValue<long>("iat"));
        Assert.Equal(now.ToUnixTimeSeconds() + 30, jwt.GetPayloadValue<long>("exp"));
        Assert.Equal("POST", jwt.GetPayloadValue<string>("htm"));
        Assert.Equal("/agent/v1/renew", jwt.GetPayloadValue<string>("htp"));
        Assert.Matches("^[0-9a-f]{32}$", jwt.Id);
        Assert.NotEqual(jwt.Id, new JsonWebToken(AgentAssertion.Create(credentials, "https://bridge.example.org", "POST", "/agent/v1/renew", now)).Id);
    }
}
