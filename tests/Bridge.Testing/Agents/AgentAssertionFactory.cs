using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bridge.Testing.Agents;

/// <summary>
/// Signs agent proof-of-possession assertions (docs/agent-api.md) with an independent JOSE library
/// (Microsoft.IdentityModel.JsonWebTokens), so the service's own parser is never what makes a test pass.
/// </summary>
public sealed class AgentAssertionFactory
{
    /// <summary>The assertion's <c>typ</c>.</summary>
    public const string AssertionType = "bridge-agent+jwt";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private int _counter;

    /// <summary>Creates a factory for assertions addressed to <paramref name="audience"/>.</summary>
    public AgentAssertionFactory(string audience, TimeProvider timeProvider)
    {
        Audience = audience;
        Time = timeProvider;
    }

    /// <summary>The service's issuer URL.</summary>
    public string Audience { get; }

    /// <summary>The clock assertions are dated by.</summary>
    public TimeProvider Time { get; }

    /// <summary>
    /// An assertion for <paramref name="method"/> <paramref name="path"/>, signed by <paramref name="key"/>, carrying
    /// <paramref name="chain"/> (leaf first) in <c>x5c</c>. Each optional argument replaces one part, for attacks.
    /// </summary>
    public string Create(
        AsymmetricAlgorithm key,
        IReadOnlyList<X509Certificate2> chain,
        string method,
        string path,
        string? audience = null,
        DateTimeOffset? issuedAt = null,
        TimeSpan? lifetime = null,
        string? tokenId = null,
        string? type = AssertionType)
    {
        var iat = issuedAt ?? Time.GetUtcNow();
        var descriptor = new SecurityTokenDescriptor
        {
            Audience = audience ?? Audience,
            IssuedAt = iat.UtcDateTime,
            Expires = (iat + (lifetime ?? TimeSpan.FromSeconds(30))).UtcDateTime,
            TokenType = type,
            Claims = new Dictionary<string, object>
            {
                ["jti"] = tokenId ?? "pop-" + Interlocked.Increment(ref _counter) + "-" + Guid.NewGuid().ToString("N"),
                ["htm"] = method,
                ["htp"] = path,
            },
            AdditionalHeaderClaims = new Dictionary<string, object>
            {
                ["x5c"] = chain.Select(c => Convert.ToBase64String(c.RawData)).ToArray(),
            },
            SigningCredentials = key switch
            {
                ECDsa ec => new SigningCredentials(new ECDsaSecurityKey(ec), ec.KeySize == 384 ? SecurityAlgorithms.EcdsaSha384 : SecurityAlgorithms.EcdsaSha256),
                RSA rsa => new SigningCredentials(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256),
                _ => throw new ArgumentException("Unsupported key.", nameof(key)),
            },
        };
        return Handler.CreateToken(descriptor);
    }

    /// <summary>A PKCS#10 request (DER) for <paramref name="key"/>, as an agent sends at attestation and renewal.</summary>
    public static byte[] Csr(AsymmetricAlgorithm key)
    {
        var name = new X500DistinguishedName("CN=agent");
        var request = key switch
        {
            ECDsa ec => new CertificateRequest(name, ec, ec.KeySize == 384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest(name, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException("Unsupported key.", nameof(key)),
        };
        return request.CreateSigningRequest();
    }
}
