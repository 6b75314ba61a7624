using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Bridge.Attestors.AwsIid;
using Bridge.Testing;

namespace Bridge.Attestors.Tests.AwsIid;

/// <summary>The embedded AWS certificates: each parses, is RSA-2048, was copied exactly, and belongs to one Region.</summary>
public sealed partial class AwsIidCertificateTableTests
{
    [Fact]
    public void Embedded_CoversCommercialChinaGovCloudAndSovereignRegions()
    {
        var regions = AwsIidCertificateTable.Embedded.Regions;

        Assert.Equal(39, regions.Count);
        Assert.Contains("us-east-1", regions);
        Assert.Contains("eu-west-1", regions);
        Assert.Contains("ap-southeast-7", regions);
        Assert.Contains("cn-north-1", regions);
        Assert.Contains("cn-northwest-1", regions);
        Assert.Contains("us-gov-west-1", regions);
        Assert.Contains("us-gov-east-1", regions);
        Assert.Contains("eusc-de-east-1", regions);
    }

    [Fact]
    public void Embedded_EveryCertificateIsRsa2048AndSelfSignedWithItsOwnKey()
    {
        // A verified self-signature proves the base64 was copied without a changed character.
        foreach (var region in AwsIidCertificateTable.Embedded.Regions)
        {
            Assert.True(AwsIidCertificateTable.Embedded.TryGet(region, out var certificate));
            using var rsa = certificate.GetRSAPublicKey();
            Assert.NotNull(rsa);
            Assert.Equal(2048, rsa.KeySize);
            Assert.Equal(certificate.SubjectName.RawData, certificate.IssuerName.RawData);
            Assert.True(SelfSignatureVerifies(certificate, rsa), region);
        }
    }

    [Fact]
    public void Embedded_EachCertificateBelongsToOneRegion_AndSourcesListsItsFingerprint()
    {
        var table = AwsIidCertificateTable.Embedded;
        var thumbprints = table.Regions.Select(r => table.TryGet(r, out var c) ? c.GetCertHashString(HashAlgorithmName.SHA256) : null).ToList();
        Assert.Equal(thumbprints.Count, thumbprints.Distinct(StringComparer.OrdinalIgnoreCase).Count());

        var sources = File.ReadAllText(RepositoryRoot.Combine("src", "Attestors", "AwsIid", "Certificates", "SOURCES.md"));
        var rows = SourceRow().Matches(sources).ToDictionary(m => m.Groups["region"].Value, m => m.Groups["sha"].Value, StringComparer.Ordinal);
        Assert.Equal(table.Regions, rows.Keys.Order(StringComparer.Ordinal));
        foreach (var region in table.Regions)
        {
            Assert.True(table.TryGet(region, out var certificate));
            Assert.Equal(rows[region], certificate.GetCertHashString(HashAlgorithmName.SHA256), ignoreCase: true);
        }
    }

    [Fact]
    public void Create_RefusesKeysOtherThanRsa2048AndRepeatedRegions()
    {
        using var rsa1024 = RSA.Create(1024);
        using var small = new CertificateRequest("CN=small", rsa1024, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ecCertificate = new CertificateRequest("CN=ec", ec, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        Assert.True(AwsIidCertificateTable.Embedded.TryGet("us-east-1", out var genuine));

        Assert.Throws<ArgumentException>(() => AwsIidCertificateTable.Create([new("us-east-1", small)]));
        Assert.Throws<ArgumentException>(() => AwsIidCertificateTable.Create([new("us-east-1", ecCertificate)]));
        Assert.Throws<ArgumentException>(() => AwsIidCertificateTable.Create([new("us-east-1", genuine), new("us-east-1", genuine)]));
    }

    [Fact]
    public void Create_KeepsNoPrivateKey()
    {
        using var key = RSA.Create(2048);
        using var withKey = new CertificateRequest("CN=test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));

        var table = AwsIidCertificateTable.Create([new("us-east-1", withKey)]);

        Assert.True(table.TryGet("us-east-1", out var kept));
        Assert.False(kept.HasPrivateKey);
    }

    private static bool SelfSignatureVerifies(X509Certificate2 certificate, RSA key)
    {
        var outer = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
        var tbs = outer.ReadEncodedValue();
        outer.ReadSequence(); // signatureAlgorithm: sha256WithRSAEncryption for every AWS RSA-2048 certificate
        var signature = outer.ReadBitString(out _);
        return key.VerifyData(tbs.Span, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    [GeneratedRegex(@"^\| `(?<region>[a-z0-9-]+)` \|.*\| `(?<sha>[0-9a-f]{64})` \|$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex SourceRow();
}
