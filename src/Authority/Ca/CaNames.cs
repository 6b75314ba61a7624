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
        // The builder encodes in reverse order of the calls (LDAP string order); the DER is C, O, serialNumber.
        var builder = new X500DistinguishedNameBuilder();
        builder.Add(SerialNumberAttributeOid, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), UniversalTagNumber.PrintableString);
        builder.AddOrganizationName("SPIFFE");
        builder.AddCountryOrRegion("US");
        return builder.Build();
    }
}
