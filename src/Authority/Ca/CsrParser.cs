using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Authority.Ca;

/// <summary>
/// Reads a PKCS#10 request (RFC 2986) defensively: strict DER, a size cap, no trailing data, an allow-list of keys
/// and signature algorithms, and the signature verified with the request's own key. Only the public key and subject
/// come out; requested extensions are never read, so a request cannot ask for CA rights or extra names.
/// </summary>
internal static class CsrParser
{
    /// <summary>Larger than any request with an RSA-8192 key and a few names; bounds the work done on hostile input.</summary>
    public const int MaxRequestSize = 16 * 1024;

    /// <summary>Smallest RSA modulus accepted (NIST SP 800-131A).</summary>
    public const int MinRsaKeySize = 2048;

    /// <summary>Largest RSA modulus accepted; bounds verification cost.</summary>
    public const int MaxRsaKeySize = 8192;

    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";
    private const string P256Oid = "1.2.840.10045.3.1.7";
    private const string P384Oid = "1.3.132.0.34";

    /// <summary>Parses and verifies <paramref name="der"/>; never throws on bad input. <paramref name="csr"/> is set only when valid.</summary>
    public static CsrParseStatus TryParse(ReadOnlyMemory<byte> der, out ParsedCsr? csr)
    {
        csr = null;
        if (der.IsEmpty || der.Length > MaxRequestSize)
        {
            return CsrParseStatus.Malformed;
        }

        try
        {
            return TryParseCore(der, out csr);
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException or ArgumentException)
        {
            csr = null;
            return CsrParseStatus.Malformed;
        }
    }

    private static CsrParseStatus TryParseCore(ReadOnlyMemory<byte> der, out ParsedCsr? csr)
    {
        csr = null;
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var request = outer.ReadSequence();
        EnsureAtEnd(outer);

        var info = request.PeekEncodedValue();
        var infoReader = request.ReadSequence();
        var signatureAlgorithm = request.ReadSequence();
        var signatureOid = signatureAlgorithm.ReadObjectIdentifier();
        var signatureParameters = signatureAlgorithm.HasData ? signatureAlgorithm.ReadEncodedValue() : ReadOnlyMemory<byte>.Empty;
        EnsureAtEnd(signatureAlgorithm);
        if (!request.TryReadPrimitiveBitString(out var unusedBits, out var signature) || unusedBits != 0 || signature.IsEmpty)
        {
            return CsrParseStatus.Malformed;
        }

        EnsureAtEnd(request);

        if (!infoReader.TryReadInt32(out var version) || version != 0)
        {
            return CsrParseStatus.Malformed;
        }

        var subject = ReadTagged(infoReader, Asn1Tag.Sequence);
        var subjectPublicKeyInfo = ReadTagged(infoReader, Asn1Tag.Sequence);

        // Attributes are required by RFC 2986 but some encoders omit an empty set; their content is never used.
        if (infoReader.HasData)
        {
            ReadTagged(infoReader, new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
        }

        EnsureAtEnd(infoReader);

        var keyStatus = ClassifyKey(subjectPublicKeyInfo, out var isRsa);
        if (keyStatus != CsrParseStatus.Valid)
        {
            return keyStatus;
        }

        using var key = isRsa ? (AsymmetricAlgorithm)RSA.Create() : ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo.Span, out var keyRead);
        if (keyRead != subjectPublicKeyInfo.Length)
        {
            return CsrParseStatus.Malformed;
        }

        if (isRsa && key.KeySize is < MinRsaKeySize or > MaxRsaKeySize)
        {
            return CsrParseStatus.UnsupportedKey;
        }

        if (!VerifySignature(key, signatureOid, signatureParameters.Span, info.Span, signature.Span))
        {
            return CsrParseStatus.InvalidSignature;
        }

        csr = new ParsedCsr(key.ExportSubjectPublicKeyInfo(), isRsa, key.KeySize, new X500DistinguishedName(subject.Span));
        return CsrParseStatus.Valid;
    }

    private static void EnsureAtEnd(AsnReader reader)
    {
        if (reader.HasData)
        {
            throw new AsnContentException("Trailing data.");
        }
    }

    private static ReadOnlyMemory<byte> ReadTagged(AsnReader reader, Asn1Tag expected)
    {
        if (reader.PeekTag() != expected)
        {
            throw new AsnContentException("Unexpected tag.");
        }

        return reader.ReadEncodedValue();
    }

    private static CsrParseStatus ClassifyKey(ReadOnlyMemory<byte> subjectPublicKeyInfo, out bool isRsa)
    {
        isRsa = false;
        var spki = new AsnReader(subjectPublicKeyInfo, AsnEncodingRules.DER).ReadSequence();
        var algorithm = spki.ReadSequence();
        var algorithmOid = algorithm.ReadObjectIdentifier();
        switch (algorithmOid)
        {
            case RsaEncryptionOid:
                isRsa = true;
                return CsrParseStatus.Valid;
            case EcPublicKeyOid:
                // Only a named curve from the allow-list; explicit curve parameters are refused (RFC 5480 §2.1.1).
                if (algorithm.HasData && algorithm.PeekTag() == Asn1Tag.ObjectIdentifier)
                {
                    var curve = algorithm.ReadObjectIdentifier();
                    return curve is P256Oid or P384Oid ? CsrParseStatus.Valid : CsrParseStatus.UnsupportedKey;
                }

                return CsrParseStatus.UnsupportedKey;
            default:
                // DSA, Ed25519, X25519, RSA-PSS keys and anything else.
                return CsrParseStatus.UnsupportedKey;
        }
    }

    private static bool VerifySignature(
        AsymmetricAlgorithm key, string signatureOid, ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> info, ReadOnlySpan<byte> signature)
    {
        var hasNullOrNoParameters = parameters.IsEmpty || parameters.SequenceEqual((ReadOnlySpan<byte>)[0x05, 0x00]);
        switch (key)
        {
            case RSA rsa when hasNullOrNoParameters && RsaHash(signatureOid) is { } hash:
                return rsa.VerifyData(info, signature, hash, RSASignaturePadding.Pkcs1);
            case ECDsa ecdsa when parameters.IsEmpty && EcdsaHash(signatureOid) is { } hash:
                return ecdsa.VerifyData(info, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
            default:
                // SHA-1, RSA-PSS, a key/algorithm mismatch, or an unknown algorithm: nothing we can trust.
                return false;
        }
    }

    private static HashAlgorithmName? RsaHash(string oid) => oid switch
    {
        "1.2.840.113549.1.1.11" => HashAlgorithmName.SHA256,
        "1.2.840.113549.1.1.12" => HashAlgorithmName.SHA384,
        "1.2.840.113549.1.1.13" => HashAlgorithmName.SHA512,
        _ => null,
    };

    private static HashAlgorithmName? EcdsaHash(string oid) => oid switch
    {
        "1.2.840.10045.4.3.2" => HashAlgorithmName.SHA256,
        "1.2.840.10045.4.3.3" => HashAlgorithmName.SHA384,
        "1.2.840.10045.4.3.4" => HashAlgorithmName.SHA512,
        _ => null,
    };
}
