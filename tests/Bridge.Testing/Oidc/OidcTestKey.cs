using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Bridge.Testing.Oidc;

/// <summary>A real RSA or EC signing key of a fake OIDC issuer, with its public JWK.</summary>
public sealed class OidcTestKey : IDisposable
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ec;

    private OidcTestKey(string keyId, string algorithm, RSA? rsa, ECDsa? ec)
    {
        KeyId = keyId;
        Algorithm = algorithm;
        _rsa = rsa;
        _ec = ec;
    }

    /// <summary>The <c>kid</c>.</summary>
    public string KeyId { get; }

    /// <summary>The JWS algorithm this key signs with by default.</summary>
    public string Algorithm { get; }

    /// <summary>True for an RSA key.</summary>
    public bool IsRsa => _rsa is not null;

    /// <summary>Creates an RSA key (RS256 by default; PS* also works).</summary>
    public static OidcTestKey CreateRsa(string keyId, string algorithm = "RS256", int bits = 2048) =>
        new(keyId, algorithm, RSA.Create(bits), null);

    /// <summary>Creates an EC key on the curve of <paramref name="algorithm"/> (ES256, ES384 or ES512).</summary>
    public static OidcTestKey CreateEc(string keyId, string algorithm = "ES256")
    {
        var curve = algorithm switch
        {
            "ES256" => ECCurve.NamedCurves.nistP256,
            "ES384" => ECCurve.NamedCurves.nistP384,
            "ES512" => ECCurve.NamedCurves.nistP521,
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
        return new(keyId, algorithm, null, ECDsa.Create(curve));
    }

    /// <summary>The public key as SubjectPublicKeyInfo DER (used by the HMAC key-confusion attack).</summary>
    public byte[] PublicKeyDer => _rsa?.ExportSubjectPublicKeyInfo() ?? _ec!.ExportSubjectPublicKeyInfo();

    /// <summary>The public key as PEM (used by the HMAC key-confusion attack).</summary>
    public string PublicKeyPem => _rsa?.ExportSubjectPublicKeyInfoPem() ?? _ec!.ExportSubjectPublicKeyInfoPem();

    /// <summary>The public JWK as published in a JWKS.</summary>
    public JsonObject ToJwk(bool includeAlg = true, string? use = "sig")
    {
        JsonObject jwk;
        if (_rsa is not null)
        {
            var p = _rsa.ExportParameters(false);
            jwk = new JsonObject { ["kty"] = "RSA", ["n"] = Base64Url.EncodeToString(p.Modulus), ["e"] = Base64Url.EncodeToString(p.Exponent) };
        }
        else
        {
            var p = _ec!.ExportParameters(false);
            var crv = p.Curve.Oid.FriendlyName switch
            {
                "nistP256" or "ECDSA_P256" => "P-256",
                "nistP384" or "ECDSA_P384" => "P-384",
                _ => "P-521",
            };
            jwk = new JsonObject { ["kty"] = "EC", ["crv"] = crv, ["x"] = Base64Url.EncodeToString(p.Q.X), ["y"] = Base64Url.EncodeToString(p.Q.Y) };
        }

        jwk["kid"] = KeyId;
        if (use is not null)
        {
            jwk["use"] = use;
        }

        if (includeAlg)
        {
            jwk["alg"] = Algorithm;
        }

        return jwk;
    }

    /// <summary>Signs <paramref name="input"/> with <paramref name="algorithm"/> (default: <see cref="Algorithm"/>).</summary>
    public byte[] Sign(byte[] input, string? algorithm = null)
    {
        algorithm ??= Algorithm;
        var hash = algorithm[2..] switch
        {
            "256" => HashAlgorithmName.SHA256,
            "384" => HashAlgorithmName.SHA384,
            _ => HashAlgorithmName.SHA512,
        };
        if (_rsa is not null)
        {
            var padding = algorithm.StartsWith("PS", StringComparison.Ordinal) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
            return _rsa.SignData(input, hash, padding);
        }

        return _ec!.SignData(input, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _rsa?.Dispose();
        _ec?.Dispose();
    }
}
