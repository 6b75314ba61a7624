using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Keys;
using Bridge.Spiffe.Bundle.Jwt;
using Bridge.Spiffe.Svid.Jwt;

namespace Bridge.Authority.Issuance.Jwt;

/// <summary>The active JWT-SVID signing key with everything per-key precomputed (kid, encoded JOSE header).</summary>
internal sealed class JwtSigner
{
    private JwtSigner(IManagedKey key, JwsAlgorithm algorithm, string keyId, byte[] encodedHeader)
    {
        Key = key;
        Algorithm = algorithm;
        KeyId = keyId;
        EncodedHeader = encodedHeader;
        SignatureLength = KeyTypeAlgorithms.SignatureLength(key.KeyType);
    }

    public IManagedKey Key { get; }

    public JwsAlgorithm Algorithm { get; }

    /// <summary>The RFC 7638 thumbprint: derived from the key alone, so it survives restarts and reloads.</summary>
    public string KeyId { get; }

    /// <summary>The base64url JOSE header as ASCII bytes, the same for every token this key signs.</summary>
    public byte[] EncodedHeader { get; }

    /// <summary>The length of the JWS signature (P1363 for ECDSA).</summary>
    public int SignatureLength { get; }

    public static JwtSigner Create(IManagedKey key)
    {
        var algorithm = KeyTypeAlgorithms.For(key.KeyType);
        var keyId = KeyIdOf(key.KeyType, key.SubjectPublicKeyInfo.Span);
        // JWT-SVID allows only alg, kid and typ. The kid is base64url and alg a fixed name: nothing to escape.
        var header = Encoding.UTF8.GetBytes($$"""{"alg":"{{algorithm.Name}}","kid":"{{keyId}}","typ":"JWT"}""");
        return new JwtSigner(key, algorithm, keyId, Base64Url.EncodeToUtf8(header));
    }

    /// <summary>The <c>kid</c> of a key of <paramref name="keyType"/>: its RFC 7638 thumbprint, as the JWKS publishes it.</summary>
    /// <exception cref="CryptographicException">The public key is malformed or not of <paramref name="keyType"/>.</exception>
    public static string KeyIdOf(KeyType keyType, ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        PublicKeyTypes.Of(subjectPublicKeyInfo) == keyType
            ? JwkThumbprint.Compute(subjectPublicKeyInfo)
            : throw new CryptographicException($"The public key is not a {keyType} key.");
}
