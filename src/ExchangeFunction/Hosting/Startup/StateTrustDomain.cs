using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.ExchangeFunction.Hosting.Startup;

/// <summary>The trust domain a CA certificate of the rotation state was minted for: the host of its SPIFFE URI SAN.</summary>
internal static class StateTrustDomain
{
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    /// <summary>The trust domain, or null when the certificate names none (an upstream root of another CA, say).</summary>
    public static string? Of(X509Certificate2 certificate)
    {
        var san = certificate.Extensions["2.5.29.17"];
        if (san is null)
        {
            return null;
        }

        try
        {
            var names = new AsnReader(san.RawData, AsnEncodingRules.DER).ReadSequence();
            while (names.HasData)
            {
                if (!names.PeekTag().HasSameClassAndValue(UriTag))
                {
                    names.ReadEncodedValue();
                    continue;
                }

                var uri = names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag);
                if (uri.StartsWith("spiffe://", StringComparison.Ordinal))
                {
                    var authority = uri["spiffe://".Length..];
                    var slash = authority.IndexOf('/', StringComparison.Ordinal);
                    return slash < 0 ? authority : authority[..slash];
                }
            }
        }
        catch (AsnContentException)
        {
            // Our own state: a certificate this malformed is reported by the CA loading, not here.
        }

        return null;
    }
}
