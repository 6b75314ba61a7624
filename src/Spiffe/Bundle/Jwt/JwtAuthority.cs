using System.Security.Cryptography;
using Bridge.Spiffe.Internal;

namespace Bridge.Spiffe.Bundle.Jwt;

/// <summary>
/// A JWT-SVID signing public key: its <c>kid</c> and DER SubjectPublicKeyInfo. Only EC P-256/P-384/P-521 and RSA
/// (2048 to 16384 bits) keys are accepted. Two authorities are equal when both the key ID and the key bytes are.
/// </summary>
public sealed record JwtAuthority
{
    /// <summary>Creates an authority from a key ID and a DER SubjectPublicKeyInfo (the array is copied).</summary>
    /// <exception cref="ArgumentException">The key ID is empty or the key is not a supported public key.</exception>
    public JwtAuthority(string keyId, byte[] subjectPublicKeyInfo)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentNullException.ThrowIfNull(subjectPublicKeyInfo);
        if (!PublicKeyMaterial.TryFromSubjectPublicKeyInfo(subjectPublicKeyInfo, out var material, out var error))
        {
            throw new ArgumentException($"Unsupported JWT authority key: {error}.", nameof(subjectPublicKeyInfo));
        }

        KeyId = keyId;
        SubjectPublicKeyInfo = (byte[])subjectPublicKeyInfo.Clone();
        Material = material;
    }

    internal JwtAuthority(string keyId, PublicKeyMaterial material)
    {
        KeyId = keyId;
        SubjectPublicKeyInfo = material.ExportSubjectPublicKeyInfo();
        Material = material;
    }

    /// <summary>The JWS <c>kid</c> header value that selects this key.</summary>
    public string KeyId { get; }

    /// <summary>The DER SubjectPublicKeyInfo. Treat as read-only.</summary>
    public byte[] SubjectPublicKeyInfo { get; }

    /// <summary>
    /// The JWS algorithm an issuer signs with this key: ES256 (P-256), ES384 (P-384), ES512 (P-521) or RS256 (RSA).
    /// </summary>
    public string Algorithm => Material.JwsAlgorithm;

    /// <summary>True for an RSA key, false for an EC key.</summary>
    public bool IsRsa => Material.Kind == PublicKeyKind.Rsa;

    internal PublicKeyMaterial Material { get; }

    /// <summary>Creates an authority from a public (or key-pair) EC or RSA key; only the public part is kept.</summary>
    /// <exception cref="ArgumentException">The key ID is empty or the key is not supported.</exception>
    public static JwtAuthority FromPublicKey(string keyId, AsymmetricAlgorithm publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return new JwtAuthority(keyId, publicKey.ExportSubjectPublicKeyInfo());
    }

    /// <summary>Creates a new ECDsa holding this public key; the caller disposes it.</summary>
    /// <exception cref="InvalidOperationException">The key is an RSA key.</exception>
    public ECDsa CreateECDsa() => Material.CreateECDsa();

    /// <summary>Creates a new RSA holding this public key; the caller disposes it.</summary>
    /// <exception cref="InvalidOperationException">The key is an EC key.</exception>
    public RSA CreateRsa() => Material.CreateRsa();

    /// <inheritdoc/>
    public bool Equals(JwtAuthority? other) =>
        other is not null
        && string.Equals(KeyId, other.KeyId, StringComparison.Ordinal)
        && SubjectPublicKeyInfo.AsSpan().SequenceEqual(other.SubjectPublicKeyInfo);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(KeyId);
}
