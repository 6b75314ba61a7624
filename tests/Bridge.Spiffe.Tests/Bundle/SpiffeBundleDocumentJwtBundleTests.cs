using System.Text;
using System.Text.Json.Nodes;
using Bridge.Spiffe.Bundle;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Tests.TestSupport;

namespace Bridge.Spiffe.Tests.Bundle;

/// <summary><see cref="SpiffeBundleDocument.TryParseJwtBundle"/>: a plain JWKS as the Workload API's FetchJWTBundles sends it.</summary>
public sealed class SpiffeBundleDocumentJwtBundleTests
{
    private static readonly TrustDomain Domain = TrustDomain.Parse("example.org");

    [Fact]
    public void KeysWithoutUse_AreJwtAuthorities()
    {
        var key = BundleJson.JwtEntry("k1", TestKeys.P256);
        key.Remove("use");

        Assert.True(SpiffeBundleDocument.TryParseJwtBundle(Domain, Encoding.UTF8.GetBytes(BundleJson.Document(key)), out var bundle, out var error), error);
        Assert.Equal("k1", Assert.Single(bundle.Authorities).Key);
        Assert.Equal(Domain, bundle.TrustDomain);
    }

    [Fact]
    public void X509Entries_AreNotJwtAuthorities()
    {
        var root = TestCertificates.CreateRoot("root");
        var document = BundleJson.Document(BundleJson.X509Entry(root), BundleJson.JwtEntry("k1", TestKeys.P256));

        Assert.True(SpiffeBundleDocument.TryParseJwtBundle(Domain, Encoding.UTF8.GetBytes(document), out var bundle, out _));
        Assert.Equal("k1", Assert.Single(bundle.Authorities).Key);
    }

    [Theory]
    [InlineData("private")]
    [InlineData("duplicate-kid")]
    [InlineData("no-keys")]
    [InlineData("not-json")]
    public void Malformed_Refused(string defect)
    {
        var key = BundleJson.JwtEntry("k1", TestKeys.P256);
        key.Remove("use");
        var json = defect switch
        {
            "private" => BundleJson.Document(With(key, "d", "AAAA")),
            "duplicate-kid" => BundleJson.Document(key, key.DeepClone()),
            "no-keys" => "{}",
            _ => "{\"keys\":[",
        };

        Assert.False(SpiffeBundleDocument.TryParseJwtBundle(Domain, Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    private static JsonObject With(JsonObject key, string name, string value)
    {
        key[name] = value;
        return key;
    }
}
