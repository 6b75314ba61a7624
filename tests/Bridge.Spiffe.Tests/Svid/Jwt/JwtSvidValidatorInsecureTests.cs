using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.Jwt;
using Bridge.Spiffe.Tests.TestSupport;

namespace Bridge.Spiffe.Tests.Svid.Jwt;

/// <summary>
/// <see cref="JwtSvidValidator.ParseInsecure"/>: every check but the signature, for tokens from a trusted channel.
/// </summary>
public sealed class JwtSvidValidatorInsecureTests
{
    [Fact]
    public void ParseInsecure_SignatureIsNotChecked_EverythingElseIs()
    {
        var forged = JwtFixture.Token(key: TestKeys.P256Other);

        var result = JwtSvidValidator.ParseInsecure(forged, ["svc"], JwtFixture.Now);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(SpiffeId.Parse("spiffe://example.org/workload"), result.Svid.Id);
        Assert.Equal(JwtFixture.Now.AddMinutes(5), result.Svid.ExpiresAt);
        Assert.False(JwtFixture.Validate(forged).IsValid);
    }

    [Fact]
    public void ParseInsecure_EveryRequestedAudienceMustBeInAud()
    {
        var token = JwtFixture.Token(payload: JwtFixture.Payload(p => p["aud"] = new System.Text.Json.Nodes.JsonArray("svc", "ledger")));

        Assert.True(JwtSvidValidator.ParseInsecure(token, ["ledger", "svc"], JwtFixture.Now).IsValid);
        Assert.Equal("token aud claim does not contain the expected audience", JwtSvidValidator.ParseInsecure(token, ["svc", "audit"], JwtFixture.Now).Error);
    }

    [Theory]
    [InlineData("expired", "token has expired")]
    [InlineData("subject", "token sub claim is not a valid SPIFFE ID")]
    [InlineData("no-exp", "token has no exp claim")]
    [InlineData("alg-none", "token alg is not one of RS256, RS384, RS512, ES256, ES384, ES512, PS256, PS384, PS512")]
    [InlineData("not-compact", "token is not a JWS compact serialization with three non-empty parts")]
    public void ParseInsecure_Malformed_Refused(string defect, string error)
    {
        var token = defect switch
        {
            "expired" => JwtFixture.Token(payload: JwtFixture.Payload(p => p["exp"] = JwtFixture.Unix(-1))),
            "subject" => JwtFixture.Token(payload: JwtFixture.Payload(p => p["sub"] = "https://example.org/x")),
            "no-exp" => JwtFixture.Token(payload: JwtFixture.Payload(p => p.Remove("exp"))),
            "alg-none" => TestJwtSigner.Encode("{\"alg\":\"none\",\"kid\":\"ec256\"}") + "." + TestJwtSigner.Encode(JwtFixture.Payload().ToJsonString()) + ".x",
            _ => "a.b",
        };

        var result = JwtSvidValidator.ParseInsecure(token, ["svc"], JwtFixture.Now);

        Assert.False(result.IsValid);
        Assert.Equal(error, result.Error);
    }

    [Fact]
    public void ParseInsecure_NoAudience_IsAnArgumentError() =>
        Assert.Throws<ArgumentException>(() => JwtSvidValidator.ParseInsecure(JwtFixture.Token(), [], JwtFixture.Now));
}
