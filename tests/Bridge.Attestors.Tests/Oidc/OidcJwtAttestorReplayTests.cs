using Bridge.Abstractions.Replay;
using Bridge.Attestors.Oidc;
using Bridge.Testing.Oidc;

namespace Bridge.Attestors.Tests.Oidc;

/// <summary>The replay key (what was signed, never the signature's encoding) and the per-issuer replay policy.</summary>
public sealed class OidcJwtAttestorReplayTests : IDisposable
{
    private const string Es384Issuer = "https://es384.example.com";

    private static readonly Lazy<OidcTestKey> SharedEs384Key = new(() => OidcTestKey.CreateEc("es384-1", "ES384"));

    private readonly OidcTestEnvironment _env = new();

    public void Dispose() => _env.Dispose();

    [Theory]
    [InlineData("ES256")]
    [InlineData("ES384")]
    public async Task AttestAsync_EcdsaTwinWithNegatedS_VerifiesButHasTheSameReplayKey(string algorithm)
    {
        var (attestor, tokens) = AttestorFor(algorithm);
        var claims = tokens.BaseClaims();
        claims.Remove("jti");
        var token = tokens.Create(claims);
        var twin = EcdsaMalleability.WithNegatedS(token);

        // The twin is a different string that the issuer's key verifies too (checked with plain .NET ECDSA).
        Assert.NotEqual(token, twin);
        Assert.True(EcdsaMalleability.VerifiesWith(token, tokens.Key));
        Assert.True(EcdsaMalleability.VerifiesWith(twin, tokens.Key));

        var original = await OidcTestEnvironment.AttestAsync(attestor, token);
        var malleated = await OidcTestEnvironment.AttestAsync(attestor, twin);

        Assert.True(original.Succeeded, original.Detail);
        Assert.True(malleated.Succeeded, malleated.Detail);
        Assert.Equal(original.Identity.ReplayKey, malleated.Identity.ReplayKey);
    }

    [Fact]
    public async Task AttestAsync_SamePayloadWithAnotherHeader_IsAnotherPieceOfEvidence()
    {
        // The issuer signed two different inputs: two tokens it minted, each with its own replay record.
        var attestor = _env.CreateAttestor();
        var claims = _env.GenericTokens.BaseClaims();
        claims.Remove("jti");

        var plain = await OidcTestEnvironment.AttestAsync(attestor, _env.GenericTokens.Create(claims));
        var key = _env.GenericKey;
        var reordered = OidcTokenFactory.SignRaw(
            $$"""{"typ":"JWT","kid":"{{key.KeyId}}","alg":"{{key.Algorithm}}"}""", claims.ToJsonString(), key);
        var other = await OidcTestEnvironment.AttestAsync(attestor, reordered);

        Assert.True(plain.Succeeded, plain.Detail);
        Assert.True(other.Succeeded, other.Detail);
        Assert.NotEqual(plain.Identity.ReplayKey, other.Identity.ReplayKey);
    }

    [Fact]
    public async Task AttestAsync_ProfileDefaults_EksBoundedReuseOthersSingleUse()
    {
        var attestor = _env.CreateAttestor();

        var sts = await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims()));
        var eks = await OidcTestEnvironment.AttestAsync(attestor, _env.EksTokens.Create(_env.EksTokens.EksClaims()));
        var generic = await OidcTestEnvironment.AttestAsync(attestor, _env.GenericTokens.Create(_env.GenericTokens.BaseClaims()));

        Assert.True(sts.Succeeded && eks.Succeeded && generic.Succeeded);
        Assert.Equal(ReplayPolicy.SingleUse, sts.Identity.ReplayPolicy);
        Assert.Equal(ReplayPolicy.BoundedReuse(OidcIssuerOptions.DefaultMaxUses), eks.Identity.ReplayPolicy);
        Assert.Equal(ReplayPolicy.SingleUse, generic.Identity.ReplayPolicy);
    }

    [Fact]
    public async Task AttestAsync_ConfiguredPolicies_AreCarriedOnTheIdentity()
    {
        var attestor = _env.CreateAttestor(options =>
        {
            options.Issuers[1].MaxUses = 3;
            options.Issuers[2].Replay = OidcReplayMode.BoundedReuse;
            options.Issuers[2].MaxUses = 5;
        });
        var singleUseEks = _env.CreateAttestor(options => options.Issuers[1].Replay = OidcReplayMode.SingleUse);
        var eksToken = _env.EksTokens.Create(_env.EksTokens.EksClaims());

        var eks = await OidcTestEnvironment.AttestAsync(attestor, eksToken);
        var generic = await OidcTestEnvironment.AttestAsync(attestor, _env.GenericTokens.Create(_env.GenericTokens.BaseClaims()));
        var eksSingle = await OidcTestEnvironment.AttestAsync(singleUseEks, eksToken);

        Assert.True(eks.Succeeded && generic.Succeeded && eksSingle.Succeeded);
        Assert.Equal(3, eks.Identity.ReplayPolicy.MaxUses);
        Assert.Equal(5, generic.Identity.ReplayPolicy.MaxUses);
        Assert.True(eksSingle.Identity.ReplayPolicy.IsSingleUse);
    }

    private (OidcJwtAttestor Attestor, OidcTokenFactory Tokens) AttestorFor(string algorithm)
    {
        if (algorithm == "ES256")
        {
            return (_env.CreateAttestor(), _env.GenericTokens);
        }

        _env.Handler.AddIssuer(Es384Issuer, SharedEs384Key.Value);
        var attestor = _env.CreateAttestor(options => options.Issuers.Add(new OidcIssuerOptions
        {
            Name = "es384",
            Issuer = Es384Issuer,
            Profile = OidcIssuerProfile.Generic,
            AllowedAlgorithms = ["ES384"],
        }));
        return (attestor, new OidcTokenFactory(Es384Issuer, OidcTestEnvironment.Audience, SharedEs384Key.Value, _env.Time));
    }
}
