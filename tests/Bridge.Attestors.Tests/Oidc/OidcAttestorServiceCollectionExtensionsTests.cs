using Bridge.Abstractions.Attestation;
using Bridge.Attestors.Oidc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.Attestors.Tests.Oidc;

public sealed class OidcAttestorServiceCollectionExtensionsTests
{
    [Fact]
    public void AddOidcJwtAttestor_ValidOptions_ResolvesAttestor()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddOidcJwtAttestor(o =>
        {
            o.Audience = "https://bridge.example.com/token";
            o.Issuers.Add(new OidcIssuerOptions { Name = "aws-sts", Issuer = "https://a.tokens.sts.global.api.aws", Profile = OidcIssuerProfile.AwsSts });
        });
        using var provider = services.BuildServiceProvider();

        var attestors = provider.GetServices<IAttestor>().ToList();

        var attestor = Assert.Single(attestors);
        Assert.IsType<OidcJwtAttestor>(attestor);
        Assert.Same(attestor, provider.GetRequiredService<OidcJwtAttestor>());
        Assert.Equal("oidc", attestor.Name);
    }

    [Fact]
    public void AddOidcJwtAttestor_CalledTwice_RegistersOneAttestor()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddOidcJwtAttestor(o => o.Audience = "a").AddOidcJwtAttestor();

        Assert.Single(services, d => d.ServiceType == typeof(IAttestor));
    }

    [Fact]
    public void AddOidcJwtAttestor_InvalidOptions_FailsValidation()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddOidcJwtAttestor(o => o.Audience = "");
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OidcAttestorOptions>>().Value);
        Assert.Contains(exception.Failures, f => f.StartsWith("Audience", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, f => f.StartsWith("Issuers", StringComparison.Ordinal));
    }
}
