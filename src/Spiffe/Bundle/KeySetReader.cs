using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Bridge.Spiffe.Bundle.Jwt;
using Bridge.Spiffe.Internal;

namespace Bridge.Spiffe.Bundle;

/// <summary>
/// Reads the <c>keys</c> array of a SPIFFE bundle. Elements with a missing or unknown <c>use</c>, or an unknown
/// <c>kty</c>, are skipped (spec §4.2); anything that carries private key material, or is malformed for its
/// <c>use</c>, rejects the whole document. A plain JWKS of JWT authorities (the Workload API's <c>FetchJWTBundles</c>,
/// go-spiffe <c>jwtbundle</c>) is read with <c>defaultUse</c> <c>jwt-svid</c>: its keys carry no <c>use</c>.
/// </summary>
internal sealed class KeySetReader(string? defaultUse = null)
{
    private readonly HashSet<string> _keyIds = new(StringComparer.Ordinal);

    public List<X509Certificate2> Certificates { get; } = [];

    public List<JwtAuthority> JwtAuthorities { get; } = [];

    public bool TryReadAll(JsonElement keys, [NotNullWhen(false)] out string? error)
    {
        var index = 0;
        foreach (var key in keys.EnumerateArray())
        {
            if (!TryReadKey(key, out var reason))
            {
                error = $"keys[{index}]: {reason}";
                return false;
            }

            index++;
        }

        error = null;
        return true;
    }

    public void DisposeCertificates()
    {
        foreach (var certificate in Certificates)
        {
            certificate.Dispose();
        }
    }

    private static bool TryReadPublicKey(
        JsonElement key, string keyType, [NotNullWhen(true)] out PublicKeyMaterial? material, [NotNullWhen(false)] out string? error)
    {
        material = null;
        if (keyType == "EC")
        {
            if (!key.TryGetProperty(JwkMembers.Curve, out var curve) || curve.ValueKind != JsonValueKind.String)
            {
                error = BundleErrors.UnsupportedCurve;
                return false;
            }

            if (!TryReadBase64Url(key, JwkMembers.X, out var x) || !TryReadBase64Url(key, JwkMembers.Y, out var y))
            {
                error = BundleErrors.MemberNotBase64Url;
                return false;
            }

            return PublicKeyMaterial.TryFromEcCoordinates(curve.GetString()!, x, y, out material, out error);
        }

        if (!TryReadBase64Url(key, JwkMembers.Modulus, out var n) || !TryReadBase64Url(key, JwkMembers.Exponent, out var e))
        {
            error = BundleErrors.MemberNotBase64Url;
            return false;
        }

        return PublicKeyMaterial.TryFromRsa(n, e, out material, out error);
    }

    private static bool TryReadBase64Url(JsonElement key, string name, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        return key.TryGetProperty(name, out var member)
            && member.ValueKind == JsonValueKind.String
            && Base64UrlStrict.TryDecode(member.GetString(), out bytes)
            && bytes.Length > 0;
    }

    private static bool HasPublicParameters(JsonElement key) =>
        key.TryGetProperty(JwkMembers.Curve, out _) || key.TryGetProperty(JwkMembers.X, out _)
        || key.TryGetProperty(JwkMembers.Y, out _) || key.TryGetProperty(JwkMembers.Modulus, out _)
        || key.TryGetProperty(JwkMembers.Exponent, out _);

    private bool TryReadKey(JsonElement key, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (key.ValueKind != JsonValueKind.Object)
        {
            error = BundleErrors.KeyNotAnObject;
            return false;
        }

        // Checked before 'use': a bundle that leaks a private key is broken whatever the element is for.
        foreach (var member in JwkMembers.PrivateMembers)
        {
            if (key.TryGetProperty(member, out _))
            {
                error = $"{BundleErrors.PrivateKeyMember} ('{member}')";
                return false;
            }
        }

        string? useValue;
        if (!key.TryGetProperty(JwkMembers.Use, out var use))
        {
            if (defaultUse is null)
            {
                return true;
            }

            useValue = defaultUse;
        }
        else if (use.ValueKind != JsonValueKind.String)
        {
            error = BundleErrors.UseNotString;
            return false;
        }
        else
        {
            useValue = use.GetString();
        }

        if (useValue is not (JwkMembers.UseX509Svid or JwkMembers.UseJwtSvid))
        {
            return true;
        }

        if (!key.TryGetProperty(JwkMembers.KeyType, out var kty) || kty.ValueKind != JsonValueKind.String)
        {
            error = BundleErrors.KeyTypeMissing;
            return false;
        }

        var keyType = kty.GetString();
        if (keyType is not ("EC" or "RSA"))
        {
            return true;
        }

        return useValue == JwkMembers.UseX509Svid
            ? TryReadX509Authority(key, keyType, out error)
            : TryReadJwtAuthority(key, keyType, out error);
    }

    private bool TryReadX509Authority(JsonElement key, string keyType, [NotNullWhen(false)] out string? error)
    {
        if (key.TryGetProperty(JwkMembers.KeyId, out _))
        {
            error = BundleErrors.X509HasKeyId;
            return false;
        }

        if (!key.TryGetProperty(JwkMembers.X509Chain, out var chain)
            || chain.ValueKind != JsonValueKind.Array
            || chain.GetArrayLength() != 1)
        {
            error = BundleErrors.X509WrongCertificateCount;
            return false;
        }

        var entry = chain[0];
        if (entry.ValueKind != JsonValueKind.String || !Base64Strict.TryDecode(entry.GetString()!, out var der))
        {
            error = BundleErrors.X509CertificateNotBase64;
            return false;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            error = BundleErrors.X509CertificateMalformed;
            return false;
        }

        if (!TryCheckX509Key(key, keyType, certificate, der, out error))
        {
            certificate.Dispose();
            return false;
        }

        Certificates.Add(certificate);
        return true;
    }

    private static bool TryCheckX509Key(
        JsonElement key, string keyType, X509Certificate2 certificate, byte[] der, [NotNullWhen(false)] out string? error)
    {
        // The loader also accepts PEM; x5c holds DER only.
        if (!certificate.RawDataMemory.Span.SequenceEqual(der))
        {
            error = BundleErrors.X509CertificateMalformed;
            return false;
        }

        if (!PublicKeyMaterial.TryFromSubjectPublicKeyInfo(certificate.PublicKey.ExportSubjectPublicKeyInfo(), out var certificateKey, out error))
        {
            return false;
        }

        // Like go-jose: stated public parameters must describe the certificate's key, not some other key.
        if (certificateKey.KeyType != keyType)
        {
            error = BundleErrors.X509KeyMismatch;
            return false;
        }

        if (HasPublicParameters(key))
        {
            if (!TryReadPublicKey(key, keyType, out var stated, out error))
            {
                return false;
            }

            if (!stated.SameKeyAs(certificateKey))
            {
                error = BundleErrors.X509KeyMismatch;
                return false;
            }
        }

        error = null;
        return true;
    }

    private bool TryReadJwtAuthority(JsonElement key, string keyType, [NotNullWhen(false)] out string? error)
    {
        if (!key.TryGetProperty(JwkMembers.KeyId, out var kid)
            || kid.ValueKind != JsonValueKind.String
            || kid.GetString() is not { Length: > 0 } keyId)
        {
            error = BundleErrors.JwtKeyIdMissing;
            return false;
        }

        if (!_keyIds.Add(keyId))
        {
            error = BundleErrors.JwtDuplicateKeyId;
            return false;
        }

        if (!TryReadPublicKey(key, keyType, out var material, out error))
        {
            return false;
        }

        JwtAuthorities.Add(new JwtAuthority(keyId, material));
        return true;
    }
}
