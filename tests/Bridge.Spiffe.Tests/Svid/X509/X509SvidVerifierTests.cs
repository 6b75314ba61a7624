using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Spiffe.Bundle.X509;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.X509;
using Bridge.Spiffe.Tests.TestSupport;

namespace Bridge.Spiffe.Tests.Svid.X509;

public sealed class X509SvidVerifierTests : IDisposable
{
    private static readonly TrustDomain Td = TrustDomain.Parse("example.org");
    private static readonly DateTimeOffset Now = TestCertificates.Now;

    private readonly X509Certificate2 _root = TestCertificates.CreateRoot("root", spiffeId: "spiffe://example.org");
    private readonly X509Certificate2 _otherRoot = TestCertificates.CreateRoot("other root");
    private readonly X509Certificate2 _intermediate;

    public X509SvidVerifierTests() => _intermediate = TestCertificates.CreateIntermediate(_root, "intermediate");

    public static TheoryData<string, string> LeafRuleCases => new()
    {
        { "leaf with CA flag", X509SvidErrors.LeafIsCa },
        { "two URI SANs", X509SvidErrors.MultipleUriSans },
        { "no URI SAN", X509SvidErrors.NoUriSan },
        { "URI SAN not a SPIFFE ID", X509SvidErrors.InvalidSpiffeId },
        { "URI SAN with invalid SPIFFE path", X509SvidErrors.InvalidSpiffeId },
        { "root-path SPIFFE ID", X509SvidErrors.RootPath },
        { "keyCertSign on leaf", X509SvidErrors.KeyCertSign },
        { "cRLSign on leaf", X509SvidErrors.CrlSign },
        { "missing digitalSignature", X509SvidErrors.NoDigitalSignature },
        { "no key usage extension", X509SvidErrors.NoKeyUsage },
        { "malformed key usage", X509SvidErrors.MalformedExtension },
        { "SAN that is not DER", X509SvidErrors.MalformedSubjectAltName },
        { "URI SAN with non-ASCII bytes", X509SvidErrors.MalformedSubjectAltName },
        { "expired", X509SvidErrors.NotTimeValid },
        { "not yet valid", X509SvidErrors.NotTimeValid },
    };

    public void Dispose()
    {
        _root.Dispose();
        _otherRoot.Dispose();
        _intermediate.Dispose();
    }

    [Fact]
    public void Verify_ValidChainThroughIntermediate_ReturnsIdAndChain()
    {
        using var leaf = TestCertificates.CreateLeaf(_intermediate);
        var result = X509SvidVerifier.Verify([leaf, _intermediate], Bundle(_root), Now);
        Assert.True(result.IsValid, result.Error);
        Assert.Null(result.Error);
        Assert.Equal(SpiffeId.Parse("spiffe://example.org/workload"), result.Id);
        Assert.Equal(3, result.VerifiedChain.Count);
        Assert.Same(leaf, result.VerifiedChain[0]);
        Assert.Same(_intermediate, result.VerifiedChain[1]);
        Assert.Same(_root, result.VerifiedChain[2]);
    }

    [Fact]
    public void Verify_LeafSignedByRoot_Valid()
    {
        using var leaf = TestCertificates.CreateLeaf(_root);
        var result = X509SvidVerifier.Verify([leaf], Bundle(_root), Now);
        Assert.True(result.IsValid, result.Error);
        Assert.Equal([leaf, _root], result.VerifiedChain);
    }

    [Fact]
    public void Verify_LeafWithOtherKeyUsagesAllowed_Valid()
    {
        var usage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyAgreement;
        using var leaf = TestCertificates.CreateLeaf(_intermediate, new LeafSpec { KeyUsage = usage });
        Assert.True(X509SvidVerifier.Verify([leaf, _intermediate], Bundle(_root), Now).IsValid);
    }

    [Fact]
    public void Verify_UnrelatedExtraCertificates_StillValid()
    {
        using var leaf = TestCertificates.CreateLeaf(_intermediate);
        var result = X509SvidVerifier.Verify([leaf, _otherRoot, _intermediate], Bundle(_root), Now);
        Assert.True(result.IsValid, result.Error);
        Assert.Equal(3, result.VerifiedChain.Count);
    }

    [Fact]
    public void Verify_BundleWithSeveralAuthorities_UsesTheMatchingOne()
    {
        using var leaf = TestCertificates.CreateLeaf(_intermediate);
        Assert.True(X509SvidVerifier.Verify([leaf, _intermediate], Bundle(_otherRoot, _root), Now).IsValid);
    }

    [Theory]
    [MemberData(nameof(LeafRuleCases))]
    public void Verify_LeafBreaksARule_FailsWithReason(string scenario, string expected)
    {
        using var leaf = TestCertificates.CreateLeaf(_intermediate, SpecFor(scenario));
        var result = X509SvidVerifier.Verify([leaf, _intermediate], Bundle(_root), Now);
        Assert.False(result.IsValid);
        Assert.Equal(expected, result.Error);
        Assert.True(result.Id.IsZero);
        Assert.Empty(result.VerifiedChain);
    }

    [Fact]
    public void Verify_AfterTheIntermediateExpires_FailsNotTimeValid()
    {
        using var leaf = TestCertificates.CreateLeaf(_intermediate, new LeafSpec { NotAfter = Now.AddDays(60) });
        Assert.True(X509SvidVerifier.Verify([leaf, _intermediate], Bundle(_root), Now).IsValid);
        var result = X509SvidVerifier.Verify([leaf, _intermediate], Bundle(_root), Now.AddDays(45));
        Assert.Equal(X509SvidErrors.NotTimeValid, result.Error);
    }

    [Fact]
    public void Verify_NoBundleForLeafTrustDomain_Fails()
    {
        using var leaf = TestCertificates.CreateLeaf(_intermediate);
        var bundles = new X509BundleSet([new X509Bundle(TrustDomain.Parse("other.org"), [_root])]);
        Assert.Equal(X509SvidErrors.NoBundle, X509SvidVerifier.Verify([leaf, _intermediate], bundles, Now).Error);
    }

    [Fact]
    public void Verify_IssuingRootOnlyInAnotherDomainsBundle_Fails()
    {
        using var leaf = TestCertificates.CreateLeaf(_intermediate);
        var bundles = new X509BundleSet([
            new X509Bundle(TrustDomain.Parse("other.org"), [_root]),
            new X509Bundle(Td, [_otherRoot]),
        ]);
        Assert.Equal(X509SvidErrors.Untrusted, X509SvidVerifier.Verify([leaf, _intermediate], bundles, Now).Error);
    }

    [Fact]
    public void Verify_WrongRoot_Fails()
    {
        using var leaf = TestCertificates.CreateLeaf(_intermediate);
        Assert.Equal(X509SvidErrors.Untrusted, X509SvidVerifier.Verify([leaf, _intermediate], Bundle(_otherRoot), Now).Error);
    }

    [Fact]
    public void Verify_MissingIntermediate_Fails()
    {
        using var leaf = TestCertificates.CreateLeaf(_intermediate);
        Assert.Equal(X509SvidErrors.Untrusted, X509SvidVerifier.Verify([leaf], Bundle(_root), Now).Error);
    }

    [Fact]
    public void Verify_EmptyBundle_Fails()
    {
        using var leaf = TestCertificates.CreateLeaf(_intermediate);
        Assert.Equal(X509SvidErrors.NoAuthorities, X509SvidVerifier.Verify([leaf, _intermediate], Bundle(), Now).Error);
    }

    [Fact]
    public void Verify_EmptyChain_Fails() =>
        Assert.Equal(X509SvidErrors.EmptyChain, X509SvidVerifier.Verify([], Bundle(_root), Now).Error);

    [Fact]
    public void Verify_IntermediateThatIsNotACa_Fails()
    {
        // A workload must not be able to mint SVIDs with its own leaf certificate.
        using var rogueKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rogueRequest = new CertificateRequest("CN=rogue", rogueKey, HashAlgorithmName.SHA256);
        rogueRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        rogueRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        using var rogue = rogueRequest.Create(_intermediate, Now.AddDays(-1), Now.AddDays(1), [1, 2, 3]);

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest(string.Empty, leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri("spiffe://example.org/victim"));
        leafRequest.CertificateExtensions.Add(san.Build(true));
        using var leaf = leafRequest.Create(
            rogue.SubjectName, X509SignatureGenerator.CreateForECDsa(rogueKey), Now.AddHours(-1), Now.AddHours(1), [4, 5, 6]);

        var result = X509SvidVerifier.Verify([leaf, rogue, _intermediate], Bundle(_root), Now);
        Assert.False(result.IsValid);
        Assert.Equal(X509SvidErrors.ChainInvalid, result.Error);
    }

    private static X509Bundle Bundle(params X509Certificate2[] roots) => new(Td, roots);

    private static LeafSpec SpecFor(string scenario) => scenario switch
    {
        "leaf with CA flag" => new LeafSpec { IsCa = true },
        "two URI SANs" => new LeafSpec { Uris = ["spiffe://example.org/a", "spiffe://example.org/b"] },
        "no URI SAN" => new LeafSpec { Uris = [] },
        "URI SAN not a SPIFFE ID" => new LeafSpec { Uris = ["https://example.org/workload"] },
        "URI SAN with invalid SPIFFE path" => new LeafSpec { Uris = ["spiffe://example.org/a/"] },
        "root-path SPIFFE ID" => new LeafSpec { Uris = ["spiffe://example.org"] },
        "keyCertSign on leaf" => new LeafSpec { KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign },
        "cRLSign on leaf" => new LeafSpec { KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.CrlSign },
        "missing digitalSignature" => new LeafSpec { KeyUsage = X509KeyUsageFlags.KeyEncipherment },
        "no key usage extension" => new LeafSpec { KeyUsage = null },
        "malformed key usage" => new LeafSpec { KeyUsage = null, ExtraExtensions = [new X509Extension("2.5.29.15", [0x03, 0x05, 0xFF], true)] },
        "SAN that is not DER" => new LeafSpec { RawSubjectAltName = [0x30, 0x80, 0x00, 0x00] },
        "URI SAN with non-ASCII bytes" => new LeafSpec { RawSubjectAltName = [0x30, 0x04, 0x86, 0x02, 0xC3, 0xA9] },
        "expired" => new LeafSpec { NotBefore = Now.AddDays(-2), NotAfter = Now.AddDays(-1) },
        "not yet valid" => new LeafSpec { NotBefore = Now.AddDays(1), NotAfter = Now.AddDays(2) },
        _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
    };
}
