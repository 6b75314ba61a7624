using Bridge.Abstractions.Attestation;
using Bridge.Attestors.Oidc;
using Bridge.Testing.Oidc;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bridge.Attestors.Tests.Oidc;

public sealed class OidcJwtAttestorTransportTests : IDisposable
{
    private const string LoopbackIssuer = "http://127.0.0.1:8443/issuer";
    private readonly OidcTestEnvironment _env = new();

    public void Dispose() => _env.Dispose();

    [Fact]
    public async Task AttestAsync_HttpLoopbackIssuerWithFlag_Succeeds()
    {
        _env.Handler.AddIssuer(LoopbackIssuer, _env.GenericKey);
        var attestor = _env.CreateAttestor(o => o.Issuers.Add(new OidcIssuerOptions
        {
            Name = "local",
            Issuer = LoopbackIssuer,
            AllowInsecureLoopbackHttp = true,
        }));
        var tokens = new OidcTokenFactory(LoopbackIssuer, OidcTestEnvironment.Audience, _env.GenericKey, _env.Time);

        var result = await OidcTestEnvironment.AttestAsync(attestor, tokens.Create(tokens.BaseClaims()));

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal("local", result.Identity.Attestor);
    }

    [Fact]
    public void Constructor_HttpLoopbackIssuerWithoutFlag_Throws()
    {
        var options = OidcTestEnvironment.DefaultOptions();
        options.Issuers.Add(new OidcIssuerOptions { Name = "local", Issuer = LoopbackIssuer });

        Assert.Throws<OptionsValidationException>(() =>
            new OidcJwtAttestor(Options.Create(options), _env.Handler, _env.Time, NullLogger<OidcJwtAttestor>.Instance));
    }

    [Fact]
    public void Constructor_HttpNonLoopbackIssuerEvenWithFlag_Throws()
    {
        var options = OidcTestEnvironment.DefaultOptions();
        options.Issuers.Add(new OidcIssuerOptions { Name = "plain", Issuer = "http://idp.internal.example", AllowInsecureLoopbackHttp = true });

        Assert.Throws<OptionsValidationException>(() =>
            new OidcJwtAttestor(Options.Create(options), _env.Handler, _env.Time, NullLogger<OidcJwtAttestor>.Instance));
    }

    [Fact]
    public async Task AttestAsync_HttpsIssuerWhoseJwksUriIsHttp_UnavailableAndNotFetched()
    {
        _env.Sts.JwksUriOverride = "http://127.0.0.1/jwks";
        var attestor = _env.CreateAttestor();

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims()));

        Assert.Equal(AttestationFailureKind.Unavailable, result.FailureKind);
        Assert.DoesNotContain(_env.Handler.Requests, u => u.Scheme == "http");
    }

    [Fact]
    public async Task AttestAsync_LoopbackIssuerWhoseJwksUriIsRemoteHttp_UnavailableAndNotFetched()
    {
        var endpoint = _env.Handler.AddIssuer(LoopbackIssuer, _env.GenericKey);
        endpoint.JwksUriOverride = "http://keys.example.com/jwks";
        var attestor = _env.CreateAttestor(o => o.Issuers.Add(new OidcIssuerOptions
        {
            Name = "local",
            Issuer = LoopbackIssuer,
            AllowInsecureLoopbackHttp = true,
        }));
        var tokens = new OidcTokenFactory(LoopbackIssuer, OidcTestEnvironment.Audience, _env.GenericKey, _env.Time);

        var result = await OidcTestEnvironment.AttestAsync(attestor, tokens.Create(tokens.BaseClaims()));

        Assert.Equal(AttestationFailureKind.Unavailable, result.FailureKind);
        Assert.DoesNotContain(_env.Handler.Requests, u => u.Host == "keys.example.com");
    }
}
