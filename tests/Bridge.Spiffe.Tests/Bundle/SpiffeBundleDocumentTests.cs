using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Bridge.Spiffe.Bundle;
using Bridge.Spiffe.Bundle.Jwt;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Tests.TestSupport;

namespace Bridge.Spiffe.Tests.Bundle;

/// <summary>Writer behaviour and round trips. Parser rules are in <see cref="SpiffeBundleDocumentParseTests"/>.</summary>
public sealed class SpiffeBundleDocumentTests : IDisposable
{
    private static readonly TrustDomain Td = TrustDomain.Parse("example.org");

    private readonly X509Certificate2 _ecRoot = TestCertificates.CreateRoot("ec-root", spiffeId: "spiffe://example.org");
    private readonly X509Certificate2 _rsaRoot = TestCertificates.CreateRoot("rsa-root", TestKeys.Rsa2048);

    public void Dispose()
    {
        _ecRoot.Dispose();
        _rsaRoot.Dispose();
    }

    [Fact]
    public void Serialize_ThenParse_RoundTripsEveryPart()
    {
        var original = FullBundle();
        var parsed = SpiffeBundleDocument.Parse(Td, SpiffeBundleDocument.Serialize(original));

        Assert.Equal(Td, parsed.TrustDomain);
        Assert.Equal(
            original.X509Authorities.Select(c => c.Thumbprint),
            parsed.X509Authorities.Select(c => c.Thumbprint));
        Assert.Equal(
            original.JwtAuthorities.OrderBy(p => p.Key, StringComparer.Ordinal),
            parsed.JwtAuthorities.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(42, parsed.SequenceNumber);
        Assert.Equal(TimeSpan.FromSeconds(2419200), parsed.RefreshHint);
    }

    [Fact]
    public void Serialize_WritesX509EntriesFirstThenJwtEntriesByKeyId()
    {
        using var document = JsonDocument.Parse(SpiffeBundleDocument.Serialize(FullBundle()));
        var keys = document.RootElement.GetProperty("keys").EnumerateArray().ToArray();
        Assert.Equal(
            ["x509-svid", "x509-svid", "jwt-svid", "jwt-svid", "jwt-svid", "jwt-svid"],
            keys.Select(k => k.GetProperty("use").GetString()!).ToArray());
        Assert.Equal(["EC", "RSA"], keys[..2].Select(k => k.GetProperty("kty").GetString()!).ToArray());
        Assert.Equal(["a", "b", "c", "d"], keys[2..].Select(k => k.GetProperty("kid").GetString()!).ToArray());
    }

    [Fact]
    public void Serialize_X509Entry_HasPublicParametersAndStandardBase64Certificate()
    {
        using var document = JsonDocument.Parse(SpiffeBundleDocument.Serialize(new SpiffeBundle(Td, [_ecRoot], [])));
        var entry = document.RootElement.GetProperty("keys")[0];
        Assert.Equal(["kty", "use", "crv", "x", "y", "x5c"], entry.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(Convert.ToBase64String(_ecRoot.RawData), Assert.Single(entry.GetProperty("x5c").EnumerateArray().ToArray()).GetString());
        Assert.False(entry.TryGetProperty("kid", out _));
        var q = _ecRoot.GetECDsaPublicKey()!.ExportParameters(false).Q;
        Assert.Equal(BundleJson.B64(q.X!), entry.GetProperty("x").GetString());
    }

    [Fact]
    public void Serialize_JwtEntry_HasKeyIdAndBase64UrlParameters()
    {
        using var document = JsonDocument.Parse(SpiffeBundleDocument.Serialize(
            new SpiffeBundle(Td, [], [JwtAuthority.FromPublicKey("r", TestKeys.Rsa2048)])));
        var entry = document.RootElement.GetProperty("keys")[0];
        Assert.Equal(["kty", "use", "kid", "n", "e"], entry.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(BundleJson.B64(TestKeys.Rsa2048.ExportParameters(false).Modulus!), entry.GetProperty("n").GetString());
        Assert.DoesNotContain('=', entry.GetProperty("n").GetString()!);
    }

    [Fact]
    public void Serialize_WithoutSequenceOrHint_OmitsThem()
    {
        Assert.Equal("""{"keys":[]}""", SpiffeBundleDocument.Serialize(new SpiffeBundle(Td, [], [])));
    }

    [Fact]
    public void Serialize_SequenceAndHint_WrittenAsIntegersAfterKeys()
    {
        var json = SpiffeBundleDocument.Serialize(new SpiffeBundle(Td, [], [], 0, TimeSpan.FromSeconds(300.9)));
        Assert.Equal("""{"keys":[],"spiffe_sequence":0,"spiffe_refresh_hint":300}""", json);
    }

    [Fact]
    public void Serialize_IsDeterministic()
    {
        var bundle = FullBundle();
        Assert.Equal(SpiffeBundleDocument.Serialize(bundle), SpiffeBundleDocument.Serialize(FullBundle()));
    }

    [Fact]
    public void Parse_OutputOfOidcJwksWriter_IgnoresSigUseEntries()
    {
        var jwks = OidcJwksWriter.Write([JwtAuthority.FromPublicKey("k", TestKeys.P256)]);
        var bundle = SpiffeBundleDocument.Parse(Td, jwks);
        Assert.Empty(bundle.JwtAuthorities);
    }

    private SpiffeBundle FullBundle() => new(
        Td,
        [_ecRoot, _rsaRoot],
        [
            JwtAuthority.FromPublicKey("d", TestKeys.Rsa2048),
            JwtAuthority.FromPublicKey("b", TestKeys.P384),
            JwtAuthority.FromPublicKey("a", TestKeys.P256),
            JwtAuthority.FromPublicKey("c", TestKeys.P521),
        ],
        42,
        TimeSpan.FromSeconds(2419200));
}
