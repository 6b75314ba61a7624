using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Bridge.Spiffe.Tests.TestSupport;

/// <summary>
/// A deliberately small, test-only JWS compact signer, so JWT-SVID tests can produce well-formed and malformed
/// tokens from raw header and payload JSON with real keys (no IdentityModel).
/// </summary>
internal static class TestJwtSigner
{
    public static string Sign(string headerJson, string payloadJson, AsymmetricAlgorithm key, string alg)
    {
        var signingInput = Encode(headerJson) + "." + Encode(payloadJson);
        var signature = SignBytes(Encoding.ASCII.GetBytes(signingInput), key, alg);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    public static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    public static byte[] SignBytes(byte[] data, AsymmetricAlgorithm key, string alg)
    {
        var hash = alg[2..] switch
        {
            "256" => HashAlgorithmName.SHA256,
            "384" => HashAlgorithmName.SHA384,
            _ => HashAlgorithmName.SHA512,
        };
        return (key, alg[..2]) switch
        {
            (ECDsa ec, "ES") => ec.SignData(data, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            (RSA rsa, "RS") => rsa.SignData(data, hash, RSASignaturePadding.Pkcs1),
            (RSA rsa, "PS") => rsa.SignData(data, hash, RSASignaturePadding.Pss),
            _ => throw new ArgumentException($"Cannot sign {alg} with {key.GetType().Name}."),
        };
    }
}
