using System.Security.Cryptography;
using Bridge.Spiffe.Internal;

namespace Bridge.Spiffe.Svid.Jwt;

/// <summary>The JWS algorithms a JWT-SVID may use (JWT-SVID spec §3.1) and how each verifies.</summary>
internal sealed class JwsAlgorithm
{
    private static readonly Dictionary<string, JwsAlgorithm> Allowed = new(StringComparer.Ordinal)
    {
        ["RS256"] = new(PublicKeyKind.Rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        ["RS384"] = new(PublicKeyKind.Rsa, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1),
        ["RS512"] = new(PublicKeyKind.Rsa, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1),
        ["PS256"] = new(PublicKeyKind.Rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
        ["PS384"] = new(PublicKeyKind.Rsa, HashAlgorithmName.SHA384, RSASignaturePadding.Pss),
        ["PS512"] = new(PublicKeyKind.Rsa, HashAlgorithmName.SHA512, RSASignaturePadding.Pss),
        ["ES256"] = new(PublicKeyKind.EcP256, HashAlgorithmName.SHA256, null),
        ["ES384"] = new(PublicKeyKind.EcP384, HashAlgorithmName.SHA384, null),
        ["ES512"] = new(PublicKeyKind.EcP521, HashAlgorithmName.SHA512, null),
    };

    private readonly PublicKeyKind _keyKind;
    private readonly HashAlgorithmName _hash;
    private readonly RSASignaturePadding? _padding;

    private JwsAlgorithm(PublicKeyKind keyKind, HashAlgorithmName hash, RSASignaturePadding? padding)
    {
        _keyKind = keyKind;
        _hash = hash;
        _padding = padding;
    }

    public static JwsAlgorithm? Find(string name) => Allowed.GetValueOrDefault(name);

    /// <summary>ES256 needs a P-256 key, ES384 P-384, ES512 P-521; RS* and PS* need RSA.</summary>
    public bool Fits(PublicKeyMaterial key) => key.Kind == _keyKind;

    /// <summary>The exact signature length: r||s for ECDSA (IEEE P1363, not DER), the modulus length for RSA.</summary>
    public int SignatureLength(PublicKeyMaterial key) => _padding is null ? 2 * key.CoordinateSize : key.RsaModulusLength;

    public bool Verify(PublicKeyMaterial key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        try
        {
            if (_padding is null)
            {
                using var ec = key.CreateECDsa();
                return ec.VerifyData(data, signature, _hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }

            using var rsa = key.CreateRsa();
            return rsa.VerifyData(data, signature, _hash, _padding);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
