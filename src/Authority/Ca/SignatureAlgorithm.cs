using System.Formats.Asn1;
using System.Security.Cryptography;
using Bridge.Abstractions.Keys;

namespace Bridge.Authority.Ca;

/// <summary>The X.509 signature algorithm a managed key signs with, and its AlgorithmIdentifier encoding.</summary>
internal sealed class SignatureAlgorithm
{
    private const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    private const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    private const string Sha256WithRsaEncryption = "1.2.840.113549.1.1.11";

    private static readonly SignatureAlgorithm EcdsaSha256 = new(EcdsaWithSha256, HashAlgorithmName.SHA256, isRsa: false);
    private static readonly SignatureAlgorithm EcdsaSha384 = new(EcdsaWithSha384, HashAlgorithmName.SHA384, isRsa: false);
    private static readonly SignatureAlgorithm RsaSha256 = new(Sha256WithRsaEncryption, HashAlgorithmName.SHA256, isRsa: true);

    private SignatureAlgorithm(string oid, HashAlgorithmName hashAlgorithm, bool isRsa)
    {
        Oid = oid;
        HashAlgorithm = hashAlgorithm;
        IsRsa = isRsa;
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);

            // RFC 4055 §5 requires NULL parameters for RSA; RFC 5758 §3.2 requires them absent for ECDSA.
            if (isRsa)
            {
                writer.WriteNull();
            }
        }

        AlgorithmIdentifier = writer.Encode();
    }

    /// <summary>The signature algorithm OID.</summary>
    public string Oid { get; }

    /// <summary>The digest the key signs.</summary>
    public HashAlgorithmName HashAlgorithm { get; }

    /// <summary>True for PKCS#1 v1.5 RSA, false for ECDSA.</summary>
    public bool IsRsa { get; }

    /// <summary>The DER AlgorithmIdentifier.</summary>
    public ReadOnlyMemory<byte> AlgorithmIdentifier { get; }

    /// <summary>The algorithm a key of <paramref name="keyType"/> signs certificates with (SPIRE's choice: SHA-256 for every RSA size).</summary>
    public static SignatureAlgorithm For(KeyType keyType) => keyType switch
    {
        KeyType.EcP256 => EcdsaSha256,
        KeyType.EcP384 => EcdsaSha384,
        KeyType.Rsa2048 or KeyType.Rsa3072 or KeyType.Rsa4096 => RsaSha256,
        _ => throw new ArgumentOutOfRangeException(nameof(keyType), keyType, "Unknown key type."),
    };
}
