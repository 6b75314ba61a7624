using Bridge.Attestors.Oidc;
using Bridge.Client.Evidence;

namespace Bridge.Client.Tests.Evidence;

/// <summary>
/// What the client asks STS to sign with must be what Bridge's OIDC attestor accepts without configuration
/// (src/Client/README.md and docs/attestors/oidc.md both say so).
/// </summary>
public sealed class StsSigningAlgorithmAgreementTests
{
    [Fact]
    public void ClientDefault_IsAcceptedByTheAttestorsDefaultAllowList()
    {
        Assert.Equal(StsWebIdentityTokenOptions.Rs256, new StsWebIdentityTokenOptions().SigningAlgorithm);
        Assert.Contains(new StsWebIdentityTokenOptions().SigningAlgorithm, OidcAlgorithms.Defaults);
    }

    [Theory]
    [InlineData(StsWebIdentityTokenOptions.Rs256)]
    [InlineData(StsWebIdentityTokenOptions.Es384)]
    public void EveryAlgorithmTheClientMayAskFor_IsAcceptedByTheAttestorsDefaultAllowList(string algorithm)
    {
        var options = new StsWebIdentityTokenOptions { Audience = "bridge", Region = "eu-west-1", SigningAlgorithm = algorithm };

        Assert.True(new StsWebIdentityTokenOptionsValidator().Validate(null, options).Succeeded);
        Assert.Contains(algorithm, OidcAlgorithms.Defaults);
    }
}
