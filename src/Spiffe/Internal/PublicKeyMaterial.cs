using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text.Json;
using Bridge.Spiffe.Bundle;

namespace Bridge.Spiffe.Internal;

/// <summary>
/// A validated EC (P-256/P-384/P-521) or RSA (2048 to 16384 bits) public key in the normalized form JWKs use:
/// EC coordinates padded to the field size, RSA modulus and exponent without leading zero octets.
/// </summary>
internal sealed class PublicKeyMaterial
{
    public const int MinRsaKeySizeBits = 2048;

    // Bounds RSA verification cost for keys read from untrusted bundles.
    public const int MaxRsaKeySizeBits = 16384;

    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";
    private const string P256Oid = "1.2.840.10045.3.1.7";
    private const string P384Oid = "1.3.132.0.34";
    private const string P521Oid = "1.3.132.0.35";

    private readonly byte[] _first;
    private readonly byte[] _second;

    private PublicKeyMaterial(PublicKeyKind kind, byte[] first, byte[] second)
    {
        Kind = kind;
        _first = first;
        _second = second;
    }

    public PublicKeyKind Kind { get; }

    /// <summary>The JWK <c>kty</c>.</summary>
    public string KeyType => Kind == PublicKeyKind.Rsa ? "RSA" : "EC";

    /// <summary>The JWS algorithm an issuer uses with this key (RSA keys sign RS256).</summary>
    public string JwsAlgorithm => Kind switch
    {
        PublicKeyKind.EcP256 => "ES256",
        PublicKeyKind.EcP384 => "ES384",
        PublicKeyKind.EcP521 => "ES512",
        _ => "RS256",
    };

    /// <summary>The byte length of one EC coordinate (and of r and s in a P1363 signature); 0 for RSA.</summary>
    public int CoordinateSize => Kind switch
    {
        PublicKeyKind.EcP256 => 32,
        PublicKeyKind.EcP384 => 48,
        PublicKeyKind.EcP521 => 66,
        _ => 0,
    };

    /// <summary>The byte length of the RSA modulus (and of every RSA signature); 0 for EC.</summary>
    public int RsaModulusLength => Kind == PublicKeyKind.Rsa ? _first.Length : 0;

    public static bool TryFromSubjectPublicKeyInfo(
        ReadOnlySpan<byte> spki, [NotNullWhen(true)] out PublicKeyMaterial? material, [NotNullWhen(false)] out string? error)
    {
        material = null;
        try
        {
            // Read the algorithm first so each key type is only imported by the matching BCL type.
            var reader = new AsnReader(spki.ToArray(), AsnEncodingRules.DER);
            var info = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var algorithm = info.ReadSequence();
            var oid = algorithm.ReadObjectIdentifier();
            if (oid == EcPublicKeyOid)
            {
                var kind = algorithm.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier)
                    ? KindFromCurveOid(algorithm.ReadObjectIdentifier())
                    : null;
                if (kind is null)
                {
                    error = BundleErrors.UnsupportedCurve;
                    return false;
                }

                using var ec = ECDsa.Create();
                ec.ImportSubjectPublicKeyInfo(spki, out var read);
                if (read != spki.Length)
                {
                    error = BundleErrors.MalformedPublicKey;
                    return false;
                }

                var q = ec.ExportParameters(includePrivateParameters: false).Q;
                material = new PublicKeyMaterial(kind.Value, q.X!, q.Y!);
                error = null;
                return true;
            }

            if (oid == RsaEncryptionOid)
            {
                using var rsa = RSA.Create();
                rsa.ImportSubjectPublicKeyInfo(spki, out var read);
                if (read != spki.Length)
                {
                    error = BundleErrors.MalformedPublicKey;
                    return false;
                }

                var p = rsa.ExportParameters(includePrivateParameters: false);
                return TryFromRsa(p.Modulus!, p.Exponent!, out material, out error);
            }

            error = BundleErrors.UnsupportedKeyAlgorithm;
            return false;
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException)
        {
            error = BundleErrors.MalformedPublicKey;
            return false;
        }
    }

    public static bool TryFromEcCoordinates(
        string curve, byte[] x, byte[] y, [NotNullWhen(true)] out PublicKeyMaterial? material, [NotNullWhen(false)] out string? error)
    {
        material = null;
        PublicKeyKind? kind = curve switch
        {
            "P-256" => PublicKeyKind.EcP256,
            "P-384" => PublicKeyKind.EcP384,
            "P-521" => PublicKeyKind.EcP521,
            _ => null,
        };
        if (kind is null)
        {
            error = BundleErrors.UnsupportedCurve;
            return false;
        }

        var candidate = new PublicKeyMaterial(kind.Value, x, y);
        if (x.Length != candidate.CoordinateSize || y.Length != candidate.CoordinateSize)
        {
            error = BundleErrors.BadCoordinateLength;
            return false;
        }

        try
        {
            // Creating the key checks that the point is on the curve (an invalid-curve point must never be used).
            using var ec = candidate.CreateECDsa();
            material = candidate;
            error = null;
            return true;
        }
        catch (CryptographicException)
        {
            error = BundleErrors.InvalidEcPoint;
            return false;
        }
    }

    public static bool TryFromRsa(
        byte[] modulus, byte[] exponent, [NotNullWhen(true)] out PublicKeyMaterial? material, [NotNullWhen(false)] out string? error)
    {
        material = null;
        var n = TrimLeadingZeros(modulus);
        var e = TrimLeadingZeros(exponent);
        var bits = n.Length == 0 ? 0 : ((n.Length - 1) * 8) + (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)n[0]));
        if (bits < MinRsaKeySizeBits || bits > MaxRsaKeySizeBits)
        {
            error = BundleErrors.RsaKeySize;
            return false;
        }

        // An even or trivial exponent is not an RSA public key.
        if (e.Length == 0 || e.Length > 8 || (e[^1] & 1) == 0 || (e.Length == 1 && e[0] == 1))
        {
            error = BundleErrors.InvalidRsaKey;
            return false;
        }

        var candidate = new PublicKeyMaterial(PublicKeyKind.Rsa, n, e);
        try
        {
            using var rsa = candidate.CreateRsa();
            material = candidate;
            error = null;
            return true;
        }
        catch (CryptographicException)
        {
            error = BundleErrors.InvalidRsaKey;
            return false;
        }
    }

    public ECDsa CreateECDsa()
    {
        var oid = Kind switch
        {
            PublicKeyKind.EcP256 => P256Oid,
            PublicKeyKind.EcP384 => P384Oid,
            PublicKeyKind.EcP521 => P521Oid,
            _ => throw new InvalidOperationException("The key is not an EC key."),
        };
        return ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.CreateFromValue(oid),
            Q = new ECPoint { X = _first, Y = _second },
        });
    }

    public RSA CreateRsa()
    {
        if (Kind != PublicKeyKind.Rsa)
        {
            throw new InvalidOperationException("The key is not an RSA key.");
        }

        return RSA.Create(new RSAParameters { Modulus = _first, Exponent = _second });
    }

    /// <summary>The JWK <c>crv</c> of an EC key.</summary>
    private string CurveName => Kind switch
    {
        PublicKeyKind.EcP256 => "P-256",
        PublicKeyKind.EcP384 => "P-384",
        _ => "P-521",
    };

    public byte[] ExportSubjectPublicKeyInfo()
    {
        using AsymmetricAlgorithm key = Kind == PublicKeyKind.Rsa ? CreateRsa() : CreateECDsa();
        return key.ExportSubjectPublicKeyInfo();
    }

    public bool SameKeyAs(PublicKeyMaterial other) =>
        Kind == other.Kind && _first.AsSpan().SequenceEqual(other._first) && _second.AsSpan().SequenceEqual(other._second);

    /// <summary>Writes the public JWK parameters (RFC 7518 §6.2.1 / §6.3.1): crv, x, y or n, e.</summary>
    public void WriteJwkParameters(Utf8JsonWriter writer)
    {
        if (Kind == PublicKeyKind.Rsa)
        {
            writer.WriteString(JwkMembers.Modulus, Base64UrlStrict.Encode(_first));
            writer.WriteString(JwkMembers.Exponent, Base64UrlStrict.Encode(_second));
            return;
        }

        writer.WriteString(JwkMembers.Curve, CurveName);
        writer.WriteString(JwkMembers.X, Base64UrlStrict.Encode(_first));
        writer.WriteString(JwkMembers.Y, Base64UrlStrict.Encode(_second));
    }

    /// <summary>
    /// The RFC 7638 thumbprint: base64url SHA-256 of the required JWK members in lexicographic order, written from the
    /// same normalized members <see cref="WriteJwkParameters"/> publishes, so a <c>kid</c> and its JWK always agree.
    /// </summary>
    public string ComputeJwkThumbprint()
    {
        // Every value is base64url or a fixed name, so no JSON escaping is needed.
        var canonical = Kind == PublicKeyKind.Rsa
            ? $$"""{"e":"{{Base64UrlStrict.Encode(_second)}}","kty":"RSA","n":"{{Base64UrlStrict.Encode(_first)}}"}"""
            : $$"""{"crv":"{{CurveName}}","kty":"EC","x":"{{Base64UrlStrict.Encode(_first)}}","y":"{{Base64UrlStrict.Encode(_second)}}"}""";
        return Base64UrlStrict.Encode(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)));
    }

    private static PublicKeyKind? KindFromCurveOid(string oid) => oid switch
    {
        P256Oid => PublicKeyKind.EcP256,
        P384Oid => PublicKeyKind.EcP384,
        P521Oid => PublicKeyKind.EcP521,
        _ => null,
    };

    private static byte[] TrimLeadingZeros(byte[] value)
    {
        var start = 0;
        while (start < value.Length && value[start] == 0)
        {
            start++;
        }

        return start == 0 ? value : value[start..];
    }
}
