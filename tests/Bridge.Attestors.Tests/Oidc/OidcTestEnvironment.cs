using Bridge.Abstractions.Attestation;
using Bridge.Attestors.Oidc;
using Bridge.Protocol;
using Bridge.Testing.Oidc;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Attestors.Tests.Oidc;

/// <summary>Three fake issuers (AWS STS, EKS, generic) served in memory, a fake clock, and attestor construction.</summary>
internal sealed class OidcTestEnvironment : IDisposable
{
    public const string Audience = "https://bridge.example.com/token";
    public const string StsIssuer = "https://0f4e2a9c-1111-2222-3333-444455556666.tokens.sts.global.api.aws";
    public const string EksIssuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
    public const string GenericIssuer = "https://idp.example.com";

    // Key generation is slow on a loaded machine; the issuers' keys are immutable, so tests share them.
    private static readonly Lazy<OidcTestKey> SharedStsKey = new(() => OidcTestKey.CreateRsa("sts-1"));
    private static readonly Lazy<OidcTestKey> SharedEksKey = new(() => OidcTestKey.CreateRsa("eks-1"));
    private static readonly Lazy<OidcTestKey> SharedGenericKey = new(() => OidcTestKey.CreateEc("gen-1", "ES256"));

    private readonly List<OidcJwtAttestor> _attestors = [];

    public OidcTestEnvironment()
    {
        StsKey = SharedStsKey.Value;
        EksKey = SharedEksKey.Value;
        GenericKey = SharedGenericKey.Value;
        Sts = Handler.AddIssuer(StsIssuer, StsKey);
        Eks = Handler.AddIssuer(EksIssuer, EksKey);
        Generic = Handler.AddIssuer(GenericIssuer, GenericKey);
        StsTokens = new OidcTokenFactory(StsIssuer, Audience, StsKey, Time);
        EksTokens = new OidcTokenFactory(EksIssuer, Audience, EksKey, Time);
        GenericTokens = new OidcTokenFactory(GenericIssuer, Audience, GenericKey, Time);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));

    public FakeOidcIssuer Handler { get; } = new();

    public OidcTestKey StsKey { get; }

    public OidcTestKey EksKey { get; }

    public OidcTestKey GenericKey { get; }

    public FakeOidcIssuer.Endpoint Sts { get; }

    public FakeOidcIssuer.Endpoint Eks { get; }

    public FakeOidcIssuer.Endpoint Generic { get; }

    public OidcTokenFactory StsTokens { get; }

    public OidcTokenFactory EksTokens { get; }

    public OidcTokenFactory GenericTokens { get; }

    public static OidcAttestorOptions DefaultOptions() => new()
    {
        Audience = Audience,
        Issuers =
        [
            new OidcIssuerOptions { Name = "aws-sts", Issuer = StsIssuer, Profile = OidcIssuerProfile.AwsSts },
            new OidcIssuerOptions { Name = "eks", Issuer = EksIssuer, Profile = OidcIssuerProfile.Eks },
            new OidcIssuerOptions
            {
                Name = "generic",
                Issuer = GenericIssuer,
                Profile = OidcIssuerProfile.Generic,
                SelectorClaims = ["email", "groups", "tier", "admin", "nested"],
            },
        ],
    };

    public OidcJwtAttestor CreateAttestor(Action<OidcAttestorOptions>? configure = null)
    {
        var options = DefaultOptions();
        configure?.Invoke(options);
        var attestor = new OidcJwtAttestor(Options.Create(options), Handler, Time, NullLogger<OidcJwtAttestor>.Instance);
        _attestors.Add(attestor);
        return attestor;
    }

    public static ValueTask<AttestationResult> AttestAsync(IAttestor attestor, string token, string tokenType = TokenTypeUris.Jwt) =>
        attestor.AttestAsync(new AttestationRequest(token, tokenType), TestContext.Current.CancellationToken);

    public void Dispose()
    {
        foreach (var attestor in _attestors)
        {
            attestor.Dispose();
        }

        Handler.Dispose();
    }
}
