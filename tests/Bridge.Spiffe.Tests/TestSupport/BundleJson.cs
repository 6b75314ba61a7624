using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace Bridge.Spiffe.Tests.TestSupport;

/// <summary>Hand-built bundle JSON (independent of the writer under test) for parser tests.</summary>
internal static class BundleJson
{
    public static JsonObject X509Entry(X509Certificate2 certificate)
    {
        var entry = new JsonObject();
        using (var ec = certificate.GetECDsaPublicKey())
        using (var rsa = certificate.GetRSAPublicKey())
        {
            AddPublicParameters(entry, (AsymmetricAlgorithm?)ec ?? rsa!);
        }

        entry["use"] = "x509-svid";
        entry["x5c"] = new JsonArray(Convert.ToBase64String(certificate.RawData));
        return entry;
    }

    public static JsonObject JwtEntry(string kid, AsymmetricAlgorithm key)
    {
        var entry = new JsonObject();
        AddPublicParameters(entry, key);
        entry["use"] = "jwt-svid";
        entry["kid"] = kid;
        return entry;
    }

    public static string Document(params JsonNode[] keys) => new JsonObject { ["keys"] = new JsonArray(keys) }.ToJsonString();

    public static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);

    private static void AddPublicParameters(JsonObject entry, AsymmetricAlgorithm key)
    {
        if (key is ECDsa ec)
        {
            var p = ec.ExportParameters(false);
            entry["kty"] = "EC";
            entry["crv"] = p.Curve.Oid.FriendlyName switch
            {
                "nistP256" or "ECDSA_P256" => "P-256",
                "nistP384" or "ECDSA_P384" => "P-384",
                _ => "P-521",
            };
            entry["x"] = B64(p.Q.X!);
            entry["y"] = B64(p.Q.Y!);
            return;
        }

        var r = ((RSA)key).ExportParameters(false);
        entry["kty"] = "RSA";
        entry["n"] = B64(r.Modulus!);
        entry["e"] = B64(r.Exponent!);
    }
}
