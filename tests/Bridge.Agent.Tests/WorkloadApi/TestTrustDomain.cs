using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Bridge.Agent.Cache;
using Bridge.Agent.Server;
using Bridge.Spiffe.Bundle;
using Bridge.Spiffe.Bundle.Jwt;
using Bridge.Spiffe.Id;

namespace Bridge.Agent.Tests.WorkloadApi;

/// <summary>
/// Real keys and certificates for the Workload API tests: an EC P-256 root of <c>example.org</c> that issues
/// X.509-SVIDs, and an ES256 JWT key that signs JWT-SVIDs. The bundle holds both.
/// </summary>
internal sealed class TestTrustDomain : IDisposable
{
    public const string Name = "example.org";
    public const string JwtKeyId = "wl-test-key";

    private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestTrustDomain()
    {
        var request = new CertificateRequest("CN=Test Root, O=SPIFFE", _rootKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri($"spiffe://{Name}"));
        request.CertificateExtensions.Add(san.Build());
        Root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        Bundle = new SpiffeBundle(TrustDomain.Parse(Name), [Root], [JwtAuthority.FromPublicKey(JwtKeyId, JwtKey)]);
    }

    public X509Certificate2 Root { get; }

    public ECDsa JwtKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public SpiffeBundle Bundle { get; }

    public static AuthorizedEntry Entry(string path, string[] selectors, string? hint = null) =>
        new($"entry-{path.Trim('/')}", $"spiffe://{Name}{path}", $"spiffe://{Name}/spire/agent/test", selectors, null, null, ["aud"], [], hint, null);

    /// <summary>A fresh X.509-SVID (leaf only) and its PKCS#8 key for <paramref name="spiffeId"/>.</summary>
    public X509SvidMaterial IssueX509Svid(string spiffeId)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("O=SPIFFE", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyAgreement, true));
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(spiffeId));
        request.CertificateExtensions.Add(san.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var notBefore = DateTimeOffset.UtcNow.AddSeconds(-10);
        var notAfter = DateTimeOffset.UtcNow.AddHours(1);
        using var leaf = request.Create(Root, notBefore, notAfter, serial);
        return new X509SvidMaterial(leaf.RawData, key.ExportPkcs8PrivateKey(), Convert.ToHexStringLower(serial), notBefore, notAfter);
    }

    public CachedIdentity Identity(string path, string[] selectors, string? hint = null, bool withSvid = true)
    {
        var entry = Entry(path, selectors, hint);
        return new CachedIdentity(entry, withSvid ? IssueX509Svid(entry.SpiffeId) : null);
    }

    /// <summary>A compact ES256 JWT-SVID signed with <paramref name="key"/> (the trust domain's key unless another is given).</summary>
    public string SignJwtSvid(string spiffeId, IReadOnlyList<string> audience, DateTimeOffset expiresAt, ECDsa? key = null, string keyId = JwtKeyId)
    {
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = "ES256", ["kid"] = keyId, ["typ"] = "JWT" }));
        var payload = Encode(Encoding.UTF8.GetBytes(
            $"{{\"sub\":\"{spiffeId}\",\"aud\":{JsonSerializer.Serialize(audience)},\"exp\":{expiresAt.ToUnixTimeSeconds()},\"iat\":{DateTimeOffset.UtcNow.ToUnixTimeSeconds()},\"team\":{{\"name\":\"ledger\",\"size\":3}}}}"));
        var signature = (key ?? JwtKey).SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256);
        return $"{header}.{payload}.{Encode(signature)}";
    }

    public void Dispose()
    {
        Root.Dispose();
        JwtKey.Dispose();
        _rootKey.Dispose();
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
