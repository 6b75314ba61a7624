using Bridge.Spiffe.Bundle;
using Bridge.Spiffe.Bundle.Jwt;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Tests.TestSupport;

namespace Bridge.Spiffe.Tests.Bundle;

/// <summary>Damaged documents are values, never exceptions.</summary>
public sealed class SpiffeBundleDocumentRobustnessTests
{
    [Fact]
    public void TryParse_EveryTruncation_ReturnsWithoutThrowing()
    {
        var td = TrustDomain.Parse("example.org");
        using var root = TestCertificates.CreateRoot("root");
        var json = SpiffeBundleDocument.Serialize(
            new SpiffeBundle(td, [root], [JwtAuthority.FromPublicKey("k", TestKeys.P256)], 1, TimeSpan.FromMinutes(5)));
        for (var length = 0; length < json.Length; length++)
        {
            Assert.False(SpiffeBundleDocument.TryParse(td, json[..length], out _, out var error), $"truncated to {length}");
            Assert.NotNull(error);
        }

        Assert.True(SpiffeBundleDocument.TryParse(td, json, out _));
    }
}
