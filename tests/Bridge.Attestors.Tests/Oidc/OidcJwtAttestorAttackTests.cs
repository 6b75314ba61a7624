using System.Text;
using System.Text.Json.Nodes;
using Bridge.Abstractions.Attestation;
using Bridge.Attestors.Oidc;
using Bridge.Testing.Oidc;

namespace Bridge.Attestors.Tests.Oidc;

/// <summary>The attacks of peers-protocol-pitfalls §4, each asserting the failure kind.</summary>
public sealed class OidcJwtAttestorAttackTests : IDisposable
{
    private readonly OidcTestEnvironment _env = new();

    public void Dispose() => _env.Dispose();

    [Fact]
    public async Task AttestAsync_AlgNone_InvalidSignature()
    {
        var token = OidcTokenFactory.AlgNone(_env.StsTokens.StsClaims(), _env.StsKey.KeyId);

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), token);

        Assert.Equal(AttestationFailureKind.InvalidSignature, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_AlgNoneEvenWhenAllowListNamesEveryAlgorithm_InvalidSignature()
    {
        var attestor = _env.CreateAttestor(o => o.Issuers[0].AllowedAlgorithms = [.. OidcAlgorithms.Supported]);

        var result = await OidcTestEnvironment.AttestAsync(attestor, OidcTokenFactory.AlgNone(_env.StsTokens.StsClaims(), _env.StsKey.KeyId));

        Assert.Equal(AttestationFailureKind.InvalidSignature, result.FailureKind);
    }

    public static TheoryData<string> PublicKeyEncodings => new() { "der", "pem", "jwk" };

    [Theory]
    [MemberData(nameof(PublicKeyEncodings))]
    public async Task AttestAsync_Hs256SignedWithPublicKey_InvalidSignature(string encoding)
    {
        var secret = encoding switch
        {
            "der" => _env.StsKey.PublicKeyDer,
            "pem" => Encoding.ASCII.GetBytes(_env.StsKey.PublicKeyPem),
            _ => Encoding.UTF8.GetBytes(_env.StsKey.ToJwk().ToJsonString()),
        };
        var token = OidcTokenFactory.Hs256(_env.StsTokens.StsClaims(), secret, _env.StsKey.KeyId);

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), token);

        Assert.Equal(AttestationFailureKind.InvalidSignature, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_Es256HeaderNamingRsaKid_InvalidSignature()
    {
        using var ec = OidcTestKey.CreateEc(_env.StsKey.KeyId, "ES256");
        var attestor = _env.CreateAttestor();

        // Signed by an EC key, but kid points at the issuer's RSA key: the key type does not fit alg.
        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims(), key: ec));

        Assert.Equal(AttestationFailureKind.InvalidSignature, result.FailureKind);
        Assert.Contains("does not fit", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttestAsync_Rs256HeaderNamingEcKid_InvalidSignature()
    {
        using var rsa = OidcTestKey.CreateRsa(_env.GenericKey.KeyId);
        var attestor = _env.CreateAttestor();

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.GenericTokens.Create(_env.GenericTokens.BaseClaims(), key: rsa));

        Assert.Equal(AttestationFailureKind.InvalidSignature, result.FailureKind);
        Assert.Contains("does not fit", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttestAsync_Es384HeaderNamingP256Kid_InvalidSignature()
    {
        using var p384 = OidcTestKey.CreateEc(_env.GenericKey.KeyId, "ES384");
        var attestor = _env.CreateAttestor();

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.GenericTokens.Create(_env.GenericTokens.BaseClaims(), key: p384));

        Assert.Equal(AttestationFailureKind.InvalidSignature, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_JweFivePartToken_Malformed()
    {
        var token = OidcTokenFactory.JweShaped(_env.StsTokens.StsClaims(), _env.StsKey.KeyId);

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), token);

        Assert.Equal(AttestationFailureKind.Malformed, result.FailureKind);
    }

    [Theory]
    [InlineData("jku")]
    [InlineData("x5u")]
    [InlineData("jwk")]
    [InlineData("x5c")]
    [InlineData("crit")]
    [InlineData("zip")]
    public async Task AttestAsync_ForbiddenHeaderParameter_Malformed(string parameter)
    {
        JsonNode value = parameter switch
        {
            "jwk" => _env.StsKey.ToJwk(),
            "x5c" => new JsonArray("MIIB"),
            "crit" => new JsonArray("exp"),
            "zip" => "DEF",
            _ => "https://attacker.example/keys",
        };
        var token = _env.StsTokens.Create(_env.StsTokens.StsClaims(), h => h[parameter] = value);

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), token);

        Assert.Equal(AttestationFailureKind.Malformed, result.FailureKind);
        Assert.DoesNotContain(_env.Handler.Requests, u => u.Host == "attacker.example");
    }

    [Fact]
    public async Task AttestAsync_JwkHeaderWithAttackerKey_NeverTrusted()
    {
        using var attacker = OidcTestKey.CreateRsa(_env.StsKey.KeyId);
        var token = _env.StsTokens.Create(_env.StsTokens.StsClaims(), h => h["jwk"] = attacker.ToJwk(), attacker);

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), token);

        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task AttestAsync_UnknownIssuer_UntrustedIssuer()
    {
        var claims = _env.StsTokens.StsClaims();
        claims["iss"] = "https://evil.example";

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), _env.StsTokens.Create(claims));

        Assert.Equal(AttestationFailureKind.UntrustedIssuer, result.FailureKind);
        Assert.Empty(_env.Handler.Requests);
    }

    [Theory]
    [InlineData(OidcTestEnvironment.StsIssuer + "/")]
    [InlineData("HTTPS://0f4e2a9c-1111-2222-3333-444455556666.tokens.sts.global.api.aws")]
    public async Task AttestAsync_IssuerNotExactlyEqual_UntrustedIssuer(string iss)
    {
        var claims = _env.StsTokens.StsClaims();
        claims["iss"] = iss;

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), _env.StsTokens.Create(claims));

        Assert.Equal(AttestationFailureKind.UntrustedIssuer, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_MissingIssuer_UntrustedIssuer()
    {
        var claims = _env.StsTokens.StsClaims();
        claims.Remove("iss");

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), _env.StsTokens.Create(claims));

        Assert.Equal(AttestationFailureKind.UntrustedIssuer, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_ClaimsIssuerBSignedWithIssuerAKey_InvalidSignature()
    {
        // Issuer mix-up: the generic issuer (A) signs a token claiming to come from AWS STS (B), reusing kid names.
        using var issuerAKeyNamedLikeB = OidcTestKey.CreateRsa(_env.StsKey.KeyId);
        _env.Generic.AddKey(issuerAKeyNamedLikeB);
        var attestor = _env.CreateAttestor(o => o.Issuers[2].AllowedAlgorithms = ["RS256", "ES256"]);
        var claims = _env.StsTokens.StsClaims();

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(claims, key: issuerAKeyNamedLikeB));

        Assert.Equal(AttestationFailureKind.InvalidSignature, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_ClaimsIssuerBWithIssuerAKid_InvalidSignature()
    {
        // The token names issuer A's kid, but keys are looked up in issuer B's JWKS only.
        var claims = _env.StsTokens.StsClaims();

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), _env.StsTokens.Create(claims, key: _env.EksKey));

        Assert.Equal(AttestationFailureKind.InvalidSignature, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_WrongAudience_WrongAudience()
    {
        var claims = _env.StsTokens.StsClaims();
        claims["aud"] = "sts.amazonaws.com";

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), _env.StsTokens.Create(claims));

        Assert.Equal(AttestationFailureKind.WrongAudience, result.FailureKind);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("//")]
    public async Task AttestAsync_AudienceWithTrailingSlash_WrongAudience(string suffix)
    {
        var claims = _env.StsTokens.StsClaims();
        claims["aud"] = OidcTestEnvironment.Audience + suffix;

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), _env.StsTokens.Create(claims));

        Assert.Equal(AttestationFailureKind.WrongAudience, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_ConfiguredAudienceWithTrailingSlashAndTokenWithout_WrongAudience()
    {
        var attestor = _env.CreateAttestor(o => o.Audience = OidcTestEnvironment.Audience + "/");

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims()));

        Assert.Equal(AttestationFailureKind.WrongAudience, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_AudienceArrayContainingBridge_Succeeds()
    {
        var claims = _env.StsTokens.StsClaims();
        claims["aud"] = new JsonArray("https://other.example", OidcTestEnvironment.Audience);

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), _env.StsTokens.Create(claims));

        Assert.True(result.Succeeded, result.Detail);
    }

    [Fact]
    public async Task AttestAsync_MissingAudience_WrongAudience()
    {
        var claims = _env.StsTokens.StsClaims();
        claims.Remove("aud");

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), _env.StsTokens.Create(claims));

        Assert.Equal(AttestationFailureKind.WrongAudience, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_TamperedPayload_InvalidSignature()
    {
        var token = _env.StsTokens.Create(_env.StsTokens.StsClaims());
        var parts = token.Split('.');
        var tampered = _env.StsTokens.StsClaims(account: "123456789012", rolePath: "role/Admin");
        var forged = parts[0] + "." + OidcTokenFactory.Encode(tampered.ToJsonString()) + "." + parts[2];

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), forged);

        Assert.Equal(AttestationFailureKind.InvalidSignature, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_AlgorithmNotInIssuerAllowList_InvalidSignature()
    {
        using var ps = OidcTestKey.CreateRsa("ps-1", "PS256");
        _env.Sts.AddKey(ps);

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), _env.StsTokens.Create(_env.StsTokens.StsClaims(), key: ps));

        Assert.Equal(AttestationFailureKind.InvalidSignature, result.FailureKind);
        Assert.Equal(0, _env.Sts.JwksFetchCount); // refused before any key fetch
    }

    [Fact]
    public async Task AttestAsync_AlgorithmAddedToAllowList_Succeeds()
    {
        using var ps = OidcTestKey.CreateRsa("ps-1", "PS256");
        _env.Sts.AddKey(ps);
        var attestor = _env.CreateAttestor(o => o.Issuers[0].AllowedAlgorithms = ["PS256"]);

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims(), key: ps));

        Assert.True(result.Succeeded, result.Detail);
    }

    [Fact]
    public async Task AttestAsync_OversizedToken_Malformed()
    {
        var claims = _env.StsTokens.StsClaims();
        claims["padding"] = new string('x', 17000);

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), _env.StsTokens.Create(claims));

        Assert.Equal(AttestationFailureKind.Malformed, result.FailureKind);
        Assert.Equal(0, _env.Sts.JwksFetchCount);
    }

    [Fact]
    public async Task AttestAsync_TokenLargerThanConfiguredMaximum_Malformed()
    {
        var token = _env.StsTokens.Create(_env.StsTokens.StsClaims());
        var attestor = _env.CreateAttestor(o => o.MaxTokenSize = token.Length - 1);

        var result = await OidcTestEnvironment.AttestAsync(attestor, token);

        Assert.Equal(AttestationFailureKind.Malformed, result.FailureKind);
    }

    [Theory]
    [InlineData("{\"alg\":\"RS256\",\"kid\":\"sts-1\",\"alg\":\"none\"}", true)]
    [InlineData("{\"alg\":\"RS256\",\"kid\":\"sts-1\"}", false)]
    public async Task AttestAsync_DuplicateHeaderMember_Malformed(string header, bool duplicate)
    {
        var token = OidcTokenFactory.SignRaw(header, _env.StsTokens.StsClaims().ToJsonString(), _env.StsKey, "RS256");

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), token);

        Assert.Equal(duplicate ? AttestationFailureKind.Malformed : AttestationFailureKind.None, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_DuplicateNestedPayloadMember_Malformed()
    {
        var payload = _env.StsTokens.StsClaims().ToJsonString()
            .Replace("\"aws_account\":\"123456789012\"", "\"aws_account\":\"123456789012\",\"aws_account\":\"999999999999\"", StringComparison.Ordinal);
        var token = OidcTokenFactory.SignRaw("{\"alg\":\"RS256\",\"kid\":\"sts-1\"}", payload, _env.StsKey, "RS256");

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), token);

        Assert.Equal(AttestationFailureKind.Malformed, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_PaddedBase64Segment_Malformed()
    {
        var token = _env.StsTokens.Create(_env.StsTokens.StsClaims());
        var parts = token.Split('.');

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), parts[0] + "=." + parts[1] + "." + parts[2]);

        Assert.Equal(AttestationFailureKind.Malformed, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_MissingKid_InvalidSignature()
    {
        var token = _env.StsTokens.Create(_env.StsTokens.StsClaims(), h => h.Remove("kid"));

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), token);

        Assert.Equal(AttestationFailureKind.InvalidSignature, result.FailureKind);
    }
}
