using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Bridge.Client.Tests.TestSupport.WorkloadApi;

/// <summary>ES256 JWT-SVIDs signed by a test key, and that key's JWKS as a Workload API agent sends it (no <c>use</c>).</summary>
public sealed class TestJwt : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string KeyId { get; } = "k1";

    public string Sign(string subject, IEnumerable<string> audience, DateTimeOffset expiresAt)
    {
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = "ES256", ["kid"] = KeyId, ["typ"] = "JWT" }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = subject,
            ["aud"] = audience.ToArray(),
            ["exp"] = expiresAt.ToUnixTimeSeconds(),
        }));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256);
        return header + "." + payload + "." + Encode(signature);
    }

    public string Jwks()
    {
        var p = _key.ExportParameters(false);
        return "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"" + KeyId + "\",\"crv\":\"P-256\",\"x\":\"" + Encode(p.Q.X!) + "\",\"y\":\"" + Encode(p.Q.Y!) + "\"}]}";
    }

    public void Dispose() => _key.Dispose();

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
