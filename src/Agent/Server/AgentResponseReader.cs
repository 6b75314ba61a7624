using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Formats.Asn1;
using Bridge.Spiffe.Id;

namespace Bridge.Agent.Server;

/// <summary>Checks of what the exchange answers: anything that is not what the API promises is an <see cref="AgentServerFailure.InvalidResponse"/>.</summary>
internal static class AgentResponseReader
{
    public static AgentServerException Invalid(string route, string what) =>
        new(AgentServerFailure.InvalidResponse, $"{route}: the exchange answered {what}.", 200);

    /// <summary>A SPIFFE ID of <paramref name="trustDomain"/>, or throws.</summary>
    public static SpiffeId SpiffeIdOf(string route, string? value, TrustDomain trustDomain)
    {
        if (!SpiffeId.TryParse(value, out var id) || !id.MemberOf(trustDomain))
        {
            throw Invalid(route, "a SPIFFE ID that is not of the agent's trust domain");
        }

        return id;
    }

    /// <summary>Certificates from standard base64 DER (1 to <paramref name="max"/>), or throws.</summary>
    public static X509Certificate2[] Certificates(string route, IReadOnlyList<string> values, int max = 10)
    {
        if (values.Count == 0 || values.Count > max)
        {
            throw Invalid(route, "a certificate list that is empty or too long");
        }

        var certificates = new X509Certificate2[values.Count];
        try
        {
            for (var i = 0; i < values.Count; i++)
            {
                certificates[i] = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(values[i]));
            }
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            throw Invalid(route, "a certificate that does not parse");
        }

        return certificates;
    }

    /// <summary>The leaf's one URI SAN equals <paramref name="id"/>, or throws.</summary>
    public static void RequireUriSan(string route, X509Certificate2 leaf, SpiffeId id)
    {
        var uris = UriSans(leaf);
        if (uris.Count != 1 || !string.Equals(uris[0], id.ToString(), StringComparison.Ordinal))
        {
            throw Invalid(route, "a certificate whose URI SAN is not the SPIFFE ID it came with");
        }
    }

    /// <summary>The URI SANs of <paramref name="certificate"/> (none when its SAN extension does not parse).</summary>
    public static IReadOnlyList<string> UriSans(X509Certificate2 certificate)
    {
        var uris = new List<string>();
        var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != "2.5.29.17")
            {
                continue;
            }

            try
            {
                var sequence = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
                while (sequence.HasData)
                {
                    var tag = sequence.PeekTag();
                    if (tag.HasSameClassAndValue(uriTag))
                    {
                        uris.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, uriTag));
                    }
                    else
                    {
                        sequence.ReadEncodedValue();
                    }
                }
            }
            catch (AsnContentException)
            {
                return [];
            }
        }

        return uris;
    }
}
