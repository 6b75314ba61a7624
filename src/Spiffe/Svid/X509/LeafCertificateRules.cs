using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Spiffe.Id;

namespace Bridge.Spiffe.Svid.X509;

/// <summary>The X.509-SVID leaf checks (X509-SVID spec §4, §5; go-spiffe <c>x509svid</c>).</summary>
internal static class LeafCertificateRules
{
    private const string SubjectAltNameOid = "2.5.29.17";
    private const string BasicConstraintsOid = "2.5.29.19";
    private const string KeyUsageOid = "2.5.29.15";
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    public static bool TryValidate(X509Certificate2 leaf, out SpiffeId id, [NotNullWhen(false)] out string? error)
    {
        try
        {
            return TryValidateExtensions(leaf, out id, out error);
        }
        catch (CryptographicException)
        {
            // The typed extension classes decode lazily and throw on malformed content.
            id = default;
            error = X509SvidErrors.MalformedExtension;
            return false;
        }
    }

    private static bool TryValidateExtensions(X509Certificate2 leaf, out SpiffeId id, [NotNullWhen(false)] out string? error)
    {
        id = default;
        if (!TryGetSingle(leaf, SubjectAltNameOid, out var san, out error)
            || !TryGetSingle(leaf, BasicConstraintsOid, out var basicConstraints, out error)
            || !TryGetSingle(leaf, KeyUsageOid, out var keyUsage, out error)
            || !TryReadSpiffeId(san, out id, out error))
        {
            return false;
        }

        if (basicConstraints is not null && new X509BasicConstraintsExtension(basicConstraints, basicConstraints.Critical).CertificateAuthority)
        {
            error = X509SvidErrors.LeafIsCa;
            return false;
        }

        if (keyUsage is null)
        {
            error = X509SvidErrors.NoKeyUsage;
            return false;
        }

        var usages = new X509KeyUsageExtension(keyUsage, keyUsage.Critical).KeyUsages;
        error = (usages & X509KeyUsageFlags.DigitalSignature) == 0 ? X509SvidErrors.NoDigitalSignature
            : (usages & X509KeyUsageFlags.KeyCertSign) != 0 ? X509SvidErrors.KeyCertSign
            : (usages & X509KeyUsageFlags.CrlSign) != 0 ? X509SvidErrors.CrlSign
            : null;
        return error is null;
    }

    private static bool TryGetSingle(X509Certificate2 certificate, string oid, out X509Extension? extension, [NotNullWhen(false)] out string? error)
    {
        extension = null;
        foreach (var candidate in certificate.Extensions)
        {
            if (candidate.Oid?.Value != oid)
            {
                continue;
            }

            // RFC 5280 §4.2: an extension appears at most once; two SANs could disagree about the identity.
            if (extension is not null)
            {
                error = X509SvidErrors.DuplicateExtension;
                return false;
            }

            extension = candidate;
        }

        error = null;
        return true;
    }

    private static bool TryReadSpiffeId(X509Extension? san, out SpiffeId id, [NotNullWhen(false)] out string? error)
    {
        id = default;
        string? uri = null;
        if (san is not null)
        {
            try
            {
                var reader = new AsnReader(san.RawData, AsnEncodingRules.DER);
                var names = reader.ReadSequence();
                reader.ThrowIfNotEmpty();
                while (names.HasData)
                {
                    if (!names.PeekTag().HasSameClassAndValue(UriTag))
                    {
                        names.ReadEncodedValue();
                        continue;
                    }

                    if (uri is not null)
                    {
                        error = X509SvidErrors.MultipleUriSans;
                        return false;
                    }

                    uri = names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag);
                }
            }
            catch (AsnContentException)
            {
                error = X509SvidErrors.MalformedSubjectAltName;
                return false;
            }
        }

        if (uri is null)
        {
            error = X509SvidErrors.NoUriSan;
            return false;
        }

        if (!SpiffeId.TryParse(uri, out id))
        {
            error = X509SvidErrors.InvalidSpiffeId;
            return false;
        }

        error = id.IsRoot ? X509SvidErrors.RootPath : null;
        return error is null;
    }
}
