using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Bridge.Spiffe.Bundle.Jwt;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.Jwt;
using Bridge.Spiffe.Tests.TestSupport;

namespace Bridge.Spiffe.Tests.Svid.Jwt;

/// <summary>Accepted tokens and validation order. Each broken rule is in <see cref="JwtSvidValidatorRuleTests"/>.</summary>
public sealed class JwtSvidValidatorTests
{
    public static TheoryData<string, string> AlgorithmsAndKeys => new()
    {
        { "ES256", "ec256" },
        { "ES384", "ec384" },
        { "ES512", "ec521" },
        { "RS256", "rsa" },
        { "RS384", "rsa" },
        { "RS512", "rsa" },
        { "PS256", "rsa" },
        { "PS384", "rsa" },
        { "PS512", "rsa" },
    };

    [Theory]
    [MemberData(nameof(AlgorithmsAndKeys))]
    public void Validate_EveryAllowedAlgorithm_Accepted(string alg, string kid)
    {
        var token = JwtFixture.Token(header: JwtFixture.Header(alg, kid));
        var result = JwtFixture.Validate(token);
        Assert.True(result.IsValid, result.Error);
    }

    [Fact]
    public void Validate_ValidToken_ExposesIdAudienceExpiryAndClaims()
    {
        var token = JwtFixture.Token(payload: JwtFixture.Payload(p => p["team"] = "payments"));
        var result = JwtFixture.Validate(token);
        Assert.True(result.IsValid, result.Error);
        Assert.Null(result.Error);
        var svid = result.Svid;
        Assert.Equal(SpiffeId.Parse("spiffe://example.org/workload"), svid.Id);
        Assert.Equal(["svc"], svid.Audience);
        Assert.Equal(JwtFixture.Now.AddMinutes(5), svid.ExpiresAt);
        Assert.Equal("payments", svid.Claims["team"].GetString());
        Assert.Equal("spiffe://example.org/workload", svid.Claims["sub"].GetString());
        Assert.Equal(token, svid.Token);
        Assert.DoesNotContain(token, svid.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("JWT")]
    [InlineData("JOSE")]
    [InlineData(null)]
    public void Validate_AllowedTypOrNone_Accepted(string? typ)
    {
        var header = new JsonObject { ["alg"] = "ES256", ["kid"] = "ec256" };
        if (typ is not null)
        {
            header["typ"] = typ;
        }

        Assert.True(JwtFixture.Validate(JwtFixture.Token(header: header)).IsValid);
    }

    [Fact]
    public void Validate_AudienceAsString_Accepted()
    {
        var result = JwtFixture.Validate(JwtFixture.Token(payload: JwtFixture.Payload(p => p["aud"] = "svc")));
        Assert.Equal(["svc"], result.Svid!.Audience);
    }

    [Fact]
    public void Validate_SeveralAudiencesIncludingOurs_Accepted()
    {
        var result = JwtFixture.Validate(JwtFixture.Token(payload: JwtFixture.Payload(p => p["aud"] = new JsonArray("other", "svc"))));
        Assert.Equal(["other", "svc"], result.Svid!.Audience);
    }

    [Fact]
    public void Validate_ExpiredWithinLeeway_Accepted()
    {
        var token = JwtFixture.Token(payload: JwtFixture.Payload(p => p["exp"] = JwtFixture.Unix(-30)));
        Assert.False(JwtFixture.Validate(token).IsValid);
        Assert.True(JwtFixture.Validate(token, leeway: TimeSpan.FromSeconds(60)).IsValid);
        Assert.False(JwtFixture.Validate(token, leeway: TimeSpan.FromSeconds(30)).IsValid);
    }

    [Fact]
    public void Validate_OneSecondBeforeExpiry_Accepted() =>
        Assert.True(JwtFixture.Validate(JwtFixture.Token(payload: JwtFixture.Payload(p => p["exp"] = JwtFixture.Unix(1)))).IsValid);

    [Fact]
    public void Validate_NotBeforeAndIssuedAtWithinLeeway_Accepted()
    {
        var token = JwtFixture.Token(payload: JwtFixture.Payload(p =>
        {
            p["nbf"] = JwtFixture.Unix(30);
            p["iat"] = JwtFixture.Unix(30);
        }));
        Assert.False(JwtFixture.Validate(token).IsValid);
        Assert.True(JwtFixture.Validate(token, leeway: TimeSpan.FromMinutes(1)).IsValid);
    }

    [Fact]
    public void Validate_SubjectOfAnotherTrustDomain_UsesThatDomainsBundle()
    {
        var token = JwtFixture.Token(
            header: JwtFixture.Header("ES256", "other-key"),
            payload: JwtFixture.Payload(p => p["sub"] = "spiffe://other.org/workload"),
            key: TestKeys.P256Other);
        var result = JwtFixture.Validate(token);
        Assert.True(result.IsValid, result.Error);
        Assert.Equal("other.org", result.Svid.Id.TrustDomain.Name);
    }

    [Fact]
    public void Validate_ExactlyMaxLength_Accepted()
    {
        var token = JwtFixture.TokenOfLength(JwtSvidValidator.MaxTokenLength);
        Assert.Equal(JwtSvidValidator.MaxTokenLength, token.Length);
        Assert.True(JwtFixture.Validate(token).IsValid);
    }

    [Fact]
    public void Validate_AlgIsCheckedBeforeOtherHeaders()
    {
        var header = new JsonObject { ["alg"] = "none", ["kid"] = "ec256", ["jku"] = "https://evil" };
        var token = TestJwtSigner.Encode(header.ToJsonString()) + "." + TestJwtSigner.Encode("{}") + ".AA";
        Assert.Equal(JwtSvidErrors.UnsupportedAlgorithm, JwtFixture.Validate(token).Error);
    }

    [Fact]
    public void Validate_UnknownKidIsReportedBeforeTheSignature()
    {
        var token = JwtFixture.Token(header: JwtFixture.Header("ES256", "nope"));
        Assert.Equal(JwtSvidErrors.UnknownKeyId, JwtFixture.Validate(JwtFixture.Tamper(token)).Error);
    }

    [Fact]
    public void Validate_SignatureIsCheckedBeforeExpiryAndAudience()
    {
        var token = JwtFixture.Token(payload: JwtFixture.Payload(p =>
        {
            p["exp"] = JwtFixture.Unix(-3600);
            p["aud"] = "someone-else";
        }));
        Assert.Equal(JwtSvidErrors.BadSignature, JwtFixture.Validate(JwtFixture.Tamper(token)).Error);
    }

    [Fact]
    public void Validate_BadArguments_Throw()
    {
        var token = JwtFixture.Token();
        Assert.Throws<ArgumentException>(() => JwtSvidValidator.Validate(token, JwtFixture.Bundles, "", JwtFixture.Now));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            JwtSvidValidator.Validate(token, JwtFixture.Bundles, "svc", JwtFixture.Now, TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            JwtSvidValidator.Validate(token, JwtFixture.Bundles, "svc", JwtFixture.Now, TimeSpan.FromDays(2)));
        Assert.Throws<ArgumentNullException>(() => JwtSvidValidator.Validate(token, null!, "svc", JwtFixture.Now));
    }

    [Fact]
    public void Validate_TokenFromAnUnrelatedEs256Signer_VerifiesWithBclOnly()
    {
        // Independent cross-check: the signing input and P1363 signature are produced here by hand, not by TestJwtSigner.
        const string HeaderJson = """{"alg":"ES256","kid":"ec256","typ":"JWT"}""";
        var payloadJson = $$"""{"sub":"spiffe://example.org/workload","aud":"svc","exp":{{JwtFixture.Unix(60)}}}""";
        var input = TestJwtSigner.Encode(HeaderJson) + "." + TestJwtSigner.Encode(payloadJson);
        var signature = TestKeys.P256.SignData(System.Text.Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256);
        var token = input + "." + Convert.ToBase64String(signature).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.True(JwtFixture.Validate(token).IsValid);
    }
}
