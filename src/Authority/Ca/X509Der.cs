using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Authority.Ca;

/// <summary>DER building blocks shared by the certificate and request builders.</summary>
internal static class X509Der
{
    /// <summary>SPIRE's <c>NotBeforeCushion</c>: certificates start this much before issuance to absorb clock skew.</summary>
    public static readonly TimeSpan NotBeforeCushion = TimeSpan.FromSeconds(10);

    private const int SerialNumberLength = 16;

    /// <summary>Drops sub-second precision, which X.509 times cannot carry, so computed times equal encoded ones.</summary>
    public static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>Writes a validity time: UTCTime for 1950 to 2049, GeneralizedTime otherwise (RFC 5280 §4.1.2.5).</summary>
    public static void WriteTime(AsnWriter writer, DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        if (utc.Year is >= 1950 and <= 2049)
        {
            writer.WriteUtcTime(utc);
        }
        else
        {
            writer.WriteGeneralizedTime(utc, omitFractionalSeconds: true);
        }
    }

    /// <summary>
    /// A random positive serial number of 16 bytes (RFC 5280 §4.1.2.2: at most 20 octets, positive). The top bits are
    /// fixed to 01 so the value is positive and its DER encoding is exactly 16 bytes with 126 random bits.
    /// </summary>
    public static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(SerialNumberLength);
        serial[0] = (byte)((serial[0] & 0x3F) | 0x40);
        return serial;
    }

    /// <summary>Writes one Extension (RFC 5280 §4.1): the critical flag is omitted when false (DER DEFAULT).</summary>
    public static void WriteExtension(AsnWriter writer, X509Extension extension)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(extension.Oid!.Value!);
            if (extension.Critical)
            {
                writer.WriteBoolean(true);
            }

            writer.WriteOctetString(extension.RawData);
        }
    }

    /// <summary>Canonical re-encoding of a SubjectPublicKeyInfo, so keys from different sources compare byte for byte.</summary>
    public static byte[] CanonicalSubjectPublicKeyInfo(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        var publicKey = PublicKey.CreateFromSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
        if (read != subjectPublicKeyInfo.Length)
        {
            throw new CryptographicException("Trailing data after the SubjectPublicKeyInfo.");
        }

        return publicKey.ExportSubjectPublicKeyInfo();
    }

    /// <summary>True when the certificate's public key is the key in <paramref name="subjectPublicKeyInfo"/>.</summary>
    public static bool HasPublicKey(X509Certificate2 certificate, ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(CanonicalSubjectPublicKeyInfo(subjectPublicKeyInfo));

    /// <summary>The certificate's validity as UTC offsets (X509Certificate2 reports local DateTime values).</summary>
    public static (DateTimeOffset NotBefore, DateTimeOffset NotAfter) Validity(X509Certificate2 certificate) =>
        (new DateTimeOffset(certificate.NotBefore.ToUniversalTime()), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));

    /// <summary>True once half of the validity period has passed: the point where SPIRE prepares a successor.</summary>
    public static bool IsPastHalfLife(DateTimeOffset notBefore, DateTimeOffset notAfter, DateTimeOffset now) =>
        now >= notBefore + ((notAfter - notBefore) / 2) || now < notBefore;
}
