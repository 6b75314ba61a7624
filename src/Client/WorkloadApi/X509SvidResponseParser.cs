using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Spiffe.Bundle.X509;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.X509;
using Google.Protobuf;
using Google.Protobuf.Collections;

namespace Bridge.Client.WorkloadApi;

/// <summary>
/// Reads an <c>X509SVIDResponse</c> strictly: the chosen entry's SPIFFE ID parses and is the leaf's, its chain and
/// bundle are DER certificates, its PKCS#8 key is the leaf's key, and the chain verifies against the bundle now. A
/// message failing any of this is rejected as a whole, so a broken agent can never install a bad identity.
/// </summary>
internal static class X509SvidResponseParser
{
    public static WorkloadApiX509Response? Parse(X509SVIDResponse response, SpiffeId? wantedId, string? wantedHint, DateTimeOffset now, out string? error)
    {
        if (response.Svids.Count == 0)
        {
            error = "no SVID in the response";
            return null;
        }

        var chosen = wantedId is { } id ? response.Svids.FirstOrDefault(s => s.SpiffeId == id.ToString())
            : wantedHint is { } hint ? response.Svids.FirstOrDefault(s => s.Hint == hint)
            : response.Svids[0];
        if (chosen is null)
        {
            error = "the chosen identity is not in the response";
            return null;
        }

        if (!SpiffeId.TryParse(chosen.SpiffeId, out var spiffeId))
        {
            error = "spiffe_id is not a SPIFFE ID";
            return null;
        }

        if (!TryReadCertificates(chosen.X509Svid, out var chain) || !TryReadCertificates(chosen.Bundle, out var roots))
        {
            error = "x509_svid or bundle is not a sequence of DER certificates";
            return null;
        }

        if (!TryReadBundles(spiffeId.TrustDomain, roots, response.FederatedBundles, out var bundles))
        {
            error = "a federated bundle is malformed";
            return null;
        }

        var verified = X509SvidVerifier.Verify(chain, bundles, now);
        if (!verified.IsValid || verified.Id != spiffeId)
        {
            error = verified.IsValid ? "spiffe_id is not the leaf's SPIFFE ID" : "the chain does not verify against the bundle: " + verified.Error;
            return null;
        }

        var leaf = WithPrivateKey(chain[0], chosen.X509SvidKey.Span);
        if (leaf is null)
        {
            error = "x509_svid_key is not an unencrypted PKCS#8 key matching the leaf";
            return null;
        }

        error = null;
        return new WorkloadApiX509Response(new X509Svid(spiffeId, [leaf, .. chain.Skip(1)]), chosen.Hint.Length == 0 ? null : chosen.Hint, bundles);
    }

    /// <summary>Concatenated DER certificates (leaf first for a chain), at least one.</summary>
    internal static bool TryReadCertificates(ByteString der, out List<X509Certificate2> certificates)
    {
        certificates = [];
        try
        {
            var reader = new AsnReader(der.Memory, AsnEncodingRules.DER);
            while (reader.HasData)
            {
                certificates.Add(X509CertificateLoader.LoadCertificate(reader.ReadEncodedValue().Span));
            }
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException)
        {
            certificates.Clear();
        }

        return certificates.Count > 0;
    }

    /// <summary>A key of a trust domain in a Workload API bundle map: the trust domain's SPIFFE ID (as SPIRE sends it) or its bare name.</summary>
    internal static bool TryReadTrustDomain(string key, out TrustDomain trustDomain)
    {
        if (SpiffeId.TryParse(key, out var id) && id.Path.Length == 0)
        {
            trustDomain = id.TrustDomain;
            return true;
        }

        return TrustDomain.TryParse(key, out trustDomain);
    }

    private static bool TryReadBundles(TrustDomain own, List<X509Certificate2> roots, MapField<string, ByteString> federated, out X509BundleSet bundles)
    {
        var all = new List<X509Bundle> { new(own, roots) };
        foreach (var (key, der) in federated)
        {
            if (!TryReadTrustDomain(key, out var trustDomain) || !TryReadCertificates(der, out var certificates))
            {
                bundles = null!;
                return false;
            }

            // The SVID's own trust domain is always judged by the bundle that came with the SVID.
            if (trustDomain != own)
            {
                all.Add(new X509Bundle(trustDomain, certificates));
            }
        }

        bundles = new X509BundleSet(all);
        return true;
    }

    private static X509Certificate2? WithPrivateKey(X509Certificate2 leaf, ReadOnlySpan<byte> pkcs8)
    {
        try
        {
            switch (leaf.GetKeyAlgorithm())
            {
                case "1.2.840.10045.2.1":
                {
                    using var key = ECDsa.Create();
                    key.ImportPkcs8PrivateKey(pkcs8, out var read);
                    using var expected = leaf.GetECDsaPublicKey();
                    return read == pkcs8.Length && expected is not null && SamePublicKey(expected, key) ? leaf.CopyWithPrivateKey(key) : null;
                }

                case "1.2.840.113549.1.1.1":
                {
                    using var key = RSA.Create();
                    key.ImportPkcs8PrivateKey(pkcs8, out var read);
                    using var expected = leaf.GetRSAPublicKey();
                    return read == pkcs8.Length && expected is not null && SamePublicKey(expected, key) ? leaf.CopyWithPrivateKey(key) : null;
                }

                default:
                    return null;
            }
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            return null;
        }
    }

    private static bool SamePublicKey(AsymmetricAlgorithm expected, AsymmetricAlgorithm actual) =>
        expected.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(actual.ExportSubjectPublicKeyInfo());
}
