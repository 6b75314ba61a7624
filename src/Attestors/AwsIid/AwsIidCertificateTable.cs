using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Attestors.AwsIid;

/// <summary>
/// The certificate that signs instance identity documents in each Region: AWS's per-Region RSA-2048 certificates
/// (<see cref="Embedded"/>, the only table production uses). A document is verified against the certificate of its own
/// Region only. Tests build a table of their own test certificates with <see cref="Create"/> and hand it to the attestor
/// in code (a constructor or the DI container): no configuration setting can add or replace a certificate.
/// </summary>
public sealed class AwsIidCertificateTable
{
    private const string ResourcePrefix = "Bridge.Attestors.AwsIid.Certificates.";
    private const string ResourceSuffix = ".pem";
    private static readonly Lazy<AwsIidCertificateTable> EmbeddedTable = new(LoadEmbedded);
    private readonly FrozenDictionary<string, X509Certificate2> _certificates;

    private AwsIidCertificateTable(FrozenDictionary<string, X509Certificate2> certificates) => _certificates = certificates;

    /// <summary>The AWS certificates embedded in this assembly (AwsIid/Certificates/SOURCES.md says where each came from).</summary>
    public static AwsIidCertificateTable Embedded => EmbeddedTable.Value;

    /// <summary>The Regions with a certificate, sorted ordinally.</summary>
    public IReadOnlyList<string> Regions => [.. _certificates.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// A table of the given certificates, one per Region; each must hold an RSA-2048 public key. The private keys, if
    /// any, are not kept.
    /// </summary>
    /// <exception cref="ArgumentException">A Region is empty or repeated, or a certificate is not RSA-2048.</exception>
    public static AwsIidCertificateTable Create(IEnumerable<KeyValuePair<string, X509Certificate2>> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var table = new Dictionary<string, X509Certificate2>(StringComparer.Ordinal);
        foreach (var (region, certificate) in certificates)
        {
            ArgumentException.ThrowIfNullOrEmpty(region);
            ArgumentNullException.ThrowIfNull(certificate);
            // Only the public part is kept: the table must never become a signer.
            var publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);
            ThrowIfNotRsa2048(region, publicOnly);
            if (!table.TryAdd(region, publicOnly))
            {
                throw new ArgumentException($"Region '{region}' appears twice.", nameof(certificates));
            }
        }

        return new AwsIidCertificateTable(table.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The certificate of <paramref name="region"/>, or false when the Region is not in the table.</summary>
    public bool TryGet(string region, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out X509Certificate2? certificate) =>
        _certificates.TryGetValue(region, out certificate);

    private static void ThrowIfNotRsa2048(string region, X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is null || rsa.KeySize != 2048)
        {
            throw new ArgumentException($"The certificate of Region '{region}' is not an RSA-2048 certificate.", nameof(certificate));
        }
    }

    private static AwsIidCertificateTable LoadEmbedded()
    {
        var assembly = typeof(AwsIidCertificateTable).Assembly;
        var certificates = new List<KeyValuePair<string, X509Certificate2>>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !name.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"The embedded resource {name} cannot be read.");
            using var reader = new StreamReader(stream);
            var pem = reader.ReadToEnd();
            var region = name[ResourcePrefix.Length..^ResourceSuffix.Length];
            try
            {
                certificates.Add(new(region, X509Certificate2.CreateFromPem(pem)));
            }
            catch (CryptographicException e)
            {
                throw new InvalidOperationException($"The embedded certificate of Region '{region}' does not parse.", e);
            }
        }

        return Create(certificates);
    }
}
