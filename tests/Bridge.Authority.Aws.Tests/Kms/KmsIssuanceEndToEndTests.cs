using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Ca;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Issuance.X509;
using Bridge.Spiffe.Id;
using Bridge.Testing.Authority;
using Bridge.Testing.Jwt;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bridge.Authority.Aws.Tests.Kms;

/// <summary>Bridge's issuers over KMS-held keys: real KMS-shaped (DER) signatures, checked by independent verifiers.</summary>
public sealed class KmsIssuanceEndToEndTests(KmsFixture fixture) : IClassFixture<KmsFixture>
{
    private const string Issuer = "https://oidc.example.org";
    private static readonly DateTimeOffset Start = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly SpiffeId Subject = SpiffeId.Parse("spiffe://example.org/ns/prod/sa/web");

    [Theory]
    [InlineData(KeyType.EcP256, "ES256")]
    [InlineData(KeyType.EcP384, "ES384")]
    [InlineData(KeyType.Rsa2048, "RS256")]
    public async Task JwtSvidIssuer_OverKms_IssuesTokenThatValidatesWithThePublishedKey(KeyType keyType, string algorithm)
    {
        var clock = new FakeTimeProvider(Start);
        var manager = fixture.NewManager();
        var issuer = SingleProcessAuthority.CreateJwtIssuer(manager, Options.Create(Authority(keyType)), clock);
        await issuer.InitializeAsync(CancellationToken.None);
        var published = Assert.Single(await issuer.GetPublishedKeysAsync(CancellationToken.None));
        var signsBefore = fixture.Server.CallCount("Sign");

        var issued = await issuer.IssueAsync(Subject, ["reports"], TimeSpan.FromMinutes(5), CancellationToken.None);

        Assert.Equal(1, fixture.Server.CallCount("Sign") - signsBefore);
        Assert.Equal(algorithm, published.Algorithm);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(issued.Token, new TokenValidationParameters
        {
            IssuerSigningKey = ToJsonWebKey(published),
            ValidIssuer = Issuer,
            ValidAudience = "reports",
            ValidAlgorithms = [algorithm],
            RequireSignedTokens = true,
            LifetimeValidator = (notBefore, expires, _, _) => expires > clock.GetUtcNow().UtcDateTime,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal(Subject.ToString(), result.ClaimsIdentity.FindFirst("sub")?.Value);
    }

    [Theory]
    [InlineData(KeyType.EcP256)]
    [InlineData(KeyType.EcP384)]
    public async Task X509CertificateAuthority_OverKms_IssuesLeafThatChainsToTheRoot(KeyType caKeyType)
    {
        var clock = new FakeTimeProvider(Start);
        var manager = fixture.NewManager();
        var authorityOptions = Options.Create(Authority(caKeyType));
        using var upstream = SingleProcessAuthority.CreateSelfSignedUpstream(
            Options.Create(new SelfSignedUpstreamOptions { RootKeyType = caKeyType }), authorityOptions, manager, clock);
        var authority = SingleProcessAuthority.CreateCertificateAuthority(authorityOptions, manager, upstream, clock);
        var svidIssuer = new X509SvidIssuer(authority, clock);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=ignored", leafKey, HashAlgorithmName.SHA256).CreateSigningRequest();

        var issued = await svidIssuer.IssueAsync(csr, Subject, [], TimeSpan.FromHours(1), CancellationToken.None);

        Assert.True(issued.Succeeded, issued.Failure.ToString());
        Assert.Contains(fixture.Server.Calls, c => c.AliasName?.StartsWith(manager.AliasPrefix + X509CertificateAuthority.CaKeyId + "-", StringComparison.Ordinal) == true);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = clock.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.CustomTrustStore.AddRange(issued.TrustAnchors.ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(issued.Intermediates.ToArray());
        Assert.True(chain.Build(issued.Leaf!), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(2 + issued.Intermediates.Count, chain.ChainElements.Count);
    }

    private static AuthorityOptions Authority(KeyType keyType) => new()
    {
        TrustDomain = "example.org",
        Issuer = Issuer,
        JwtKeyType = keyType,
        CaKeyType = keyType,
        MaxJwtSvidTtl = TimeSpan.FromHours(1),
    };

    private static JsonWebKey ToJsonWebKey(JwtSigningKey key) =>
        RelyingPartyKeys.FromPublicKey(key.KeyId, key.Algorithm, key.SubjectPublicKeyInfo);
}
