using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Bridge.Testing.Oidc;

namespace Bridge.ExchangeFunction.Tests.Policy;

/// <summary>
/// Replay rules through <c>/token</c>: an EKS service-account token serves a bounded number of exchanges, an ECDSA
/// twin of a single-use token is the same evidence, and a refused request does not spend the token.
/// </summary>
public sealed class ReplayPolicyTests(ReplayPolicyTests.ReplayFactory factory) : IClassFixture<ReplayPolicyTests.ReplayFactory>
{
    [Fact]
    public async Task Token_EksServiceAccountToken_GivesJwtAndX509SvidsUpToMaxUsesThenIsRefused()
    {
        await factory.RegisterEksAsync("orders", "api");
        var token = factory.EksTokens.Create(factory.EksTokens.EksClaims("orders", "api", "api-1"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var jwt = await factory.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"));
        using var x509 = await factory.Client.PostTokenAsync(TokenRequest.X509(token, Csrs.Pem(key)));
        using var renewal = await factory.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"));
        using var beyond = await factory.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"));

        Assert.Equal("spiffe://example.org/k8s/orders/sa/api", (await OAuthAssert.SuccessAsync(jwt)).GetProperty("spiffe_id").GetString());
        Assert.Equal("spiffe://example.org/k8s/orders/sa/api", (await OAuthAssert.SuccessAsync(x509)).GetProperty("spiffe_id").GetString());
        await OAuthAssert.SuccessAsync(renewal);
        await OAuthAssert.ErrorAsync(beyond, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.SubjectToken);
    }

    [Fact]
    public async Task Token_EksTokenUsedConcurrently_ExactlyMaxUsesSucceed()
    {
        await factory.RegisterEksAsync("billing", "worker");
        var token = factory.EksTokens.Create(factory.EksTokens.EksClaims("billing", "worker", "worker-1"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 12)
            .Select(_ => factory.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"))));

        Assert.Equal(ReplayFactory.EksMaxUses, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(12 - ReplayFactory.EksMaxUses, responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Token_StsTokenStaysSingleUse()
    {
        await factory.RegisterAsync("Single");
        var token = factory.StsToken("Single");

        using var first = await factory.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"));
        using var second = await factory.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"));

        await OAuthAssert.SuccessAsync(first);
        await OAuthAssert.ErrorAsync(second, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.SubjectToken);
    }

    [Fact]
    public async Task Token_Es256TwinWithNegatedS_IsRefusedAsAReplay()
    {
        await factory.RegisterEcIssuerAsync("twin-subject");
        var claims = factory.EcTokens.BaseClaims("twin-subject");
        claims.Remove("jti");
        var token = factory.EcTokens.Create(claims);
        var twin = EcdsaMalleability.WithNegatedS(token);
        Assert.NotEqual(token, twin);
        Assert.True(EcdsaMalleability.VerifiesWith(token, factory.EcKey));
        Assert.True(EcdsaMalleability.VerifiesWith(twin, factory.EcKey));

        using var first = await factory.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"));
        using var second = await factory.Client.PostTokenAsync(TokenRequest.Jwt(twin, "ledger"));

        await OAuthAssert.SuccessAsync(first);
        await OAuthAssert.ErrorAsync(second, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.SubjectToken);
    }

    [Fact]
    public async Task Token_UnregisteredCaller_DoesNotSpendTheToken()
    {
        var token = factory.StsToken("LateRegistered");
        using var unregistered = await factory.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"));
        await OAuthAssert.ErrorAsync(unregistered, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.SubjectToken);

        await factory.RegisterAsync("LateRegistered");
        using var registered = await factory.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"));

        await OAuthAssert.SuccessAsync(registered);
    }

    [Fact]
    public async Task Token_DisallowedAudience_DoesNotSpendTheToken()
    {
        await factory.RegisterAsync("Narrow");
        var token = factory.StsToken("Narrow");
        using var refused = await factory.Client.PostTokenAsync(TokenRequest.Jwt(token, "not-allowed"));
        await OAuthAssert.ErrorAsync(refused, HttpStatusCode.BadRequest, "invalid_target", ErrorDescriptions.AudienceNotAllowed);

        using var allowed = await factory.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"));

        await OAuthAssert.SuccessAsync(allowed);
    }

    [Fact]
    public async Task Token_BadCsr_DoesNotSpendTheToken()
    {
        await factory.RegisterAsync("CsrRetry");
        var token = factory.StsToken("CsrRetry");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var tampered = Csrs.Der(key);
        tampered[^1] ^= 0x01;
        using var refused = await factory.Client.PostTokenAsync(TokenRequest.X509(token, Base64Url.EncodeToString(tampered)));
        await OAuthAssert.ErrorAsync(refused, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.Csr);

        using var issued = await factory.Client.PostTokenAsync(TokenRequest.X509(token, Csrs.Pem(key)));

        await OAuthAssert.SuccessAsync(issued);
    }

    /// <summary>The default service plus an EKS issuer (bounded reuse) and a single-use ES256 issuer.</summary>
    public sealed class ReplayFactory : BridgeFactory
    {
        public const int EksMaxUses = 3;
        public const string EksIssuer = "https://oidc.eks.fake.example.com/id/CLUSTER";
        public const string EcIssuer = "https://ec.fake.example.com";

        public ReplayFactory()
        {
            EksKey = OidcTestKey.CreateRsa("eks-key-1");
            EcKey = OidcTestKey.CreateEc("ec-key-1", "ES256");
            Oidc.AddIssuer(EksIssuer, EksKey);
            Oidc.AddIssuer(EcIssuer, EcKey);
            EksTokens = new OidcTokenFactory(EksIssuer, BridgeAudience, EksKey, Time);
            EcTokens = new OidcTokenFactory(EcIssuer, BridgeAudience, EcKey, Time);
        }

        public OidcTestKey EksKey { get; }

        public OidcTestKey EcKey { get; }

        public OidcTokenFactory EksTokens { get; }

        public OidcTokenFactory EcTokens { get; }

        protected override IEnumerable<KeyValuePair<string, string?>> SettingOverrides =>
        [
            new("Bridge:Attestors:Oidc:Issuers:2:Name", "eks"),
            new("Bridge:Attestors:Oidc:Issuers:2:Issuer", EksIssuer),
            new("Bridge:Attestors:Oidc:Issuers:2:Profile", "Eks"),
            new("Bridge:Attestors:Oidc:Issuers:2:MaxUses", EksMaxUses.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Bridge:Attestors:Oidc:Issuers:3:Name", "ec-idp"),
            new("Bridge:Attestors:Oidc:Issuers:3:Issuer", EcIssuer),
            new("Bridge:Attestors:Oidc:Issuers:3:Profile", "Generic"),
            new("Bridge:Attestors:Oidc:Issuers:3:AllowedAlgorithms:0", "ES256"),
        ];

        public Task<RegistrationWriteResult> RegisterEksAsync(string ns, string serviceAccount) => CreateAsync(
            "eks", $"k8s/{ns}/sa/{serviceAccount}", [new Selector("k8s", "ns:" + ns), new Selector("k8s", "sa:" + serviceAccount)]);

        public Task<RegistrationWriteResult> RegisterEcIssuerAsync(string subject) =>
            CreateAsync("ec-idp", "ec/" + subject, [new Selector("oidc", "sub:" + subject)]);

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                EksKey.Dispose();
                EcKey.Dispose();
            }
        }

        private async Task<RegistrationWriteResult> CreateAsync(string attestor, string path, Selector[] selectors)
        {
            var result = await Registrations.CreateAsync(new RegistrationEntry
            {
                Id = Guid.NewGuid().ToString("N"),
                SpiffeId = $"spiffe://{TrustDomainName}/{path}",
                ParentId = BridgeIds.AttestorParent(TrustDomain, attestor),
                Selectors = selectors,
                Audiences = ["ledger"],
            }, CancellationToken.None);
            Assert.Equal(RegistrationWriteStatus.Succeeded, result.Status);
            return result;
        }
    }
}
