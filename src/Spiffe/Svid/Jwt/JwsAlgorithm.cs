using System.Security.Cryptography;
using Bridge.Spiffe.Internal;

namespace Bridge.Spiffe.Svid.Jwt;

/// <summary>
/// A JWS algorithm a JWT-SVID may use (JWT-SVID spec §3.1: RS256–512, PS256–512, ES256–512): the one definition of
/// each algorithm's hash, key type and signature shape, used to verify JWT-SVIDs and agent assertions and to sign
/// JWT-SVIDs. A key of another type or size never verifies (no key-type confusion).
/// </summary>
public sealed class JwsAlgorithm
{
    private static readonly Dictionary<string, JwsAlgorithm> Allowed = new(StringComparer.Ordinal);

    private readonly PublicKeyKind _keyKind;
    private readonly RSASignaturePadding? _padding;

    private JwsAlgorithm(string name, PublicKeyKind keyKind, HashAlgorithmName hash, RSASignaturePadding? padding)
    {
        Name = name;
        _keyKind = keyKind;
        Hash = hash;
        _padding = padding;
        Allowed.Add(name, this);
    }

    /// <summary>ECDSA with P-256 and SHA-256.</summary>
    public static JwsAlgorithm ES256 { get; } = new("ES256", PublicKeyKind.EcP256, HashAlgorithmName.SHA256, null);

    /// <summary>ECDSA with P-384 and SHA-384.</summary>
    public static JwsAlgorithm ES384 { get; } = new("ES384", PublicKeyKind.EcP384, HashAlgorithmName.SHA384, null);

    /// <summary>ECDSA with P-521 and SHA-512.</summary>
    public static JwsAlgorithm ES512 { get; } = new("ES512", PublicKeyKind.EcP521, HashAlgorithmName.SHA512, null);

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256.</summary>
    public static JwsAlgorithm RS256 { get; } = new("RS256", PublicKeyKind.Rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-384.</summary>
    public static JwsAlgorithm RS384 { get; } = new("RS384", PublicKeyKind.Rsa, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1);

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-512.</summary>
    public static JwsAlgorithm RS512 { get; } = new("RS512", PublicKeyKind.Rsa, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1);

    /// <summary>RSASSA-PSS with SHA-256.</summary>
    public static JwsAlgorithm PS256 { get; } = new("PS256", PublicKeyKind.Rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

    /// <summary>RSASSA-PSS with SHA-384.</summary>
    public static JwsAlgorithm PS384 { get; } = new("PS384", PublicKeyKind.Rsa, HashAlgorithmName.SHA384, RSASignaturePadding.Pss);

    /// <summary>RSASSA-PSS with SHA-512.</summary>
    public static JwsAlgorithm PS512 { get; } = new("PS512", PublicKeyKind.Rsa, HashAlgorithmName.SHA512, RSASignaturePadding.Pss);

    /// <summary>The <c>alg</c> header value.</summary>
    public string Name { get; }

    /// <summary>The hash the signature is computed over.</summary>
    public HashAlgorithmName Hash { get; }

    /// <summary>True for ES*: the JWS signature is r||s (IEEE P1363), not DER.</summary>
    public bool IsEcdsa => _padding is null;

    /// <summary>For ES*, the bytes of each of r and s (32, 48, 66); 0 for RSA.</summary>
    public int EcFieldSize => _keyKind switch
    {
        PublicKeyKind.EcP256 => 32,
        PublicKeyKind.EcP384 => 48,
        PublicKeyKind.EcP521 => 66,
        _ => 0,
    };

    /// <summary>The algorithm named <paramref name="name"/> (case-sensitive, as RFC 7515 says), or null for any other (<c>none</c>, HS*).</summary>
    public static JwsAlgorithm? Find(string name) => Allowed.GetValueOrDefault(name);

    /// <summary>
    /// Verifies <paramref name="signature"/> over <paramref name="data"/> with the public key in
    /// <paramref name="subjectPublicKeyInfo"/>; false when the key is malformed or does not suit this algorithm
    /// (another curve, an RSA key for ES*, RSA under 2048 bits) or the signature is not this algorithm's exact length.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> subjectPublicKeyInfo, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        PublicKeyMaterial.TryFromSubjectPublicKeyInfo(subjectPublicKeyInfo, out var key, out _)
        && Fits(key)
        && signature.Length == SignatureLength(key)
        && Verify(key, data, signature);

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>ES256 needs a P-256 key, ES384 P-384, ES512 P-521; RS* and PS* need RSA.</summary>
    internal bool Fits(PublicKeyMaterial key) => key.Kind == _keyKind;

    /// <summary>The exact signature length: r||s for ECDSA (IEEE P1363, not DER), the modulus length for RSA.</summary>
    internal int SignatureLength(PublicKeyMaterial key) => _padding is null ? 2 * key.CoordinateSize : key.RsaModulusLength;

    internal bool Verify(PublicKeyMaterial key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        try
        {
            if (_padding is null)
            {
                using var ec = key.CreateECDsa();
                return ec.VerifyData(data, signature, Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }

            using var rsa = key.CreateRsa();
            return rsa.VerifyData(data, signature, Hash, _padding);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
