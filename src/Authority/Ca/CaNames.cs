using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Authority.Ca;

/// <summary>Subject names of Bridge's certificates (SPIRE's defaults).</summary>
internal static class CaNames
{
    private const string SerialNumberAttributeOid = "2.5.4.5";

    /// <summary>
    /// A signing certificate's subject: C=US, O=SPIFFE and a random serialNumber attribute, as SPIRE does, so that
    /// successive CAs never share a name and chain building cannot confuse them.
    /// </summary>
    public static X500DistinguishedName NewCaSubject()
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCountryOrRegion("US");
        builder.AddOrganizationName("SPIFFE");
        builder.Add(SerialNumberAttributeOid, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), UniversalTagNumber.PrintableString);
        return builder.Build();
    }
}
