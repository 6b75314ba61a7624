using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Bridge.Testing.Oidc;

namespace Bridge.ExchangeFunction.Tests.Fuzz;

/// <summary>
/// The service with all three issuer profiles (the STS issuer, an ES256 EKS issuer, the generic issuer with selector
/// claims), an entry registered for each seed so unmutated seeds are issued SVIDs, and the materials the mutators use.
/// </summary>
public sealed class FuzzBridgeFactory : LoggingBridgeFactory
{
    public const string EksIssuer = "https://oidc.eks.fake.example.com/id/FUZZ";
    public const string Role = "Fuzz";
    public const string GenericSubject = "fuzz-user";

    private readonly OidcTestKey _eksKey = OidcTestKey.CreateEc("eks-key-1", "ES256");
    private bool _registered;

    public FuzzBridgeFactory()
    {
        Oidc.AddIssuer(EksIssuer, _eksKey);
        var eks = new OidcTokenFactory(EksIssuer, BridgeAudience, _eksKey, Time);
        var generic = new OidcTokenFactory(OtherIssuerUrl, BridgeAudience, OtherIssuerKey, Time);
        Seeds =
        [
            new("sts-jwt", Tokens, () => Tokens.StsClaims(Account, "role/" + Role, ns => ns["principal_tags"] = new JsonObject { ["team"] = "payments" }), X509: false),
            new("sts-x509", Tokens, () => Tokens.StsClaims(Account, "role/" + Role), X509: true),
            new("eks-jwt", eks, () => eks.EksClaims(), X509: false),
            new("generic-jwt", generic, () =>
            {
                var claims = generic.BaseClaims(GenericSubject);
                claims["email"] = "fuzz@example.org";
                claims["groups"] = new JsonArray("a", "b");
                return claims;
            }, X509: false),
        ];
        CsrKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ValidCsrDer = Csrs.Der(CsrKey);
        using var p521 = ECDsa.Create(ECCurve.NamedCurves.nistP521);
        using var rsa1024 = RSA.Create(1024);
        using var rsa2048 = RSA.Create(2048);
        OtherCsrs =
        [
            Csrs.Der(p521),
            Csrs.Der(rsa1024),
            Csrs.Der(rsa2048, "CN=" + new string('a', 2000)),
            Csrs.Der(CsrKey, "CN=x", new System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension(true, false, 0, true)),
        ];
    }

    internal IReadOnlyList<FuzzSeed> Seeds { get; }

    /// <summary>The key of <see cref="ValidCsrDer"/>.</summary>
    public ECDsa CsrKey { get; }

    /// <summary>A valid P-256 PKCS#10 request.</summary>
    public byte[] ValidCsrDer { get; }

    /// <summary>Well-formed requests Bridge may refuse: P-521, RSA-1024, a huge subject, a CA extension.</summary>
    public IReadOnlyList<byte[]> OtherCsrs { get; }

    protected override IEnumerable<KeyValuePair<string, string?>> SettingOverrides =>
    [
        new("Bridge:Attestors:Oidc:Issuers:1:SelectorClaims:0", "email"),
        new("Bridge:Attestors:Oidc:Issuers:1:SelectorClaims:1", "groups"),
        new("Bridge:Attestors:Oidc:Issuers:2:Name", "eks"),
        new("Bridge:Attestors:Oidc:Issuers:2:Issuer", EksIssuer),
        new("Bridge:Attestors:Oidc:Issuers:2:Profile", "Eks"),
        new("Bridge:Attestors:Oidc:Issuers:2:AllowedAlgorithms:0", "ES256"),
    ];

    /// <summary>Registers one entry per seed profile (once).</summary>
    public async Task RegisterSeedsAsync()
    {
        if (_registered)
        {
            return;
        }

        await RegisterAsync(Role, dnsNames: ["fuzz.example.org"]);
        await CreateAsync("eks", "k8s/payments/api", [new("k8s", "ns:payments"), new("k8s", "sa:api")]);
        await CreateAsync("other-idp", "idp/fuzz", [new("oidc", "sub:" + GenericSubject)]);
        _registered = true;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _eksKey.Dispose();
            CsrKey.Dispose();
        }
    }

    private async Task CreateAsync(string attestor, string path, IReadOnlyList<Selector> selectors)
    {
        var result = await Registrations.CreateAsync(
            new RegistrationEntry
            {
                Id = Guid.NewGuid().ToString("N"),
                SpiffeId = $"spiffe://{TrustDomainName}/{path}",
                ParentId = BridgeIds.AttestorParent(TrustDomain, attestor),
                Selectors = selectors,
                Audiences = ["ledger"],
            },
            CancellationToken.None);
        Assert.Equal(RegistrationWriteStatus.Succeeded, result.Status);
    }
}
