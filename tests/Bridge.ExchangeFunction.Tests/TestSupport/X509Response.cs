using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Bridge.ExchangeFunction.Tests.TestSupport;

/// <summary>The certificates of an X.509-SVID token response.</summary>
internal sealed class X509Response : IDisposable
{
    private static readonly Asn1Tag DnsTag = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    private X509Response(X509Certificate2[] chain, X509Certificate2[] trustBundle)
    {
        Chain = chain;
        TrustBundle = trustBundle;
    }

    /// <summary><c>x5c</c>: leaf first.</summary>
    public X509Certificate2[] Chain { get; }

    public X509Certificate2 Leaf => Chain[0];

    /// <summary><c>trust_bundle</c>: the roots.</summary>
    public X509Certificate2[] TrustBundle { get; }

    public static X509Response From(JsonElement body) => new(Certificates(body, "x5c"), Certificates(body, "trust_bundle"));

    /// <summary>The URI and DNS SANs of the leaf.</summary>
    public (string[] Uris, string[] DnsNames) LeafNames()
    {
        var san = Assert.Single(Leaf.Extensions.Cast<X509Extension>(), e => e.Oid?.Value == "2.5.29.17");
        var uris = new List<string>();
        var dnsNames = new List<string>();
        var names = new AsnReader(san.RawData, AsnEncodingRules.DER).ReadSequence();
        while (names.HasData)
        {
            var tag = names.PeekTag();
            if (tag == UriTag)
            {
                uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
            }
            else if (tag == DnsTag)
            {
                dnsNames.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, DnsTag));
            }
            else
            {
                // Any other kind of name is something the service must never have copied from a CSR.
                Assert.Fail($"unexpected SAN with tag {tag}");
            }
        }

        return ([.. uris], [.. dnsNames]);
    }

    public void Dispose()
    {
        foreach (var certificate in Chain.Concat(TrustBundle))
        {
            certificate.Dispose();
        }
    }

    private static X509Certificate2[] Certificates(JsonElement body, string member) =>
        [.. body.GetProperty(member).EnumerateArray().Select(c => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c.GetString()!)))];
}
