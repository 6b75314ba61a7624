using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Abstractions.Keys;
using Bridge.Abstractions.State;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Rotation;
using Bridge.Testing.Authority;
using Microsoft.Extensions.Logging.Abstractions;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Bridge.Testing.Jwt;

namespace Bridge.Authority.Tests.Issuance.Jwt;

/// <summary>Builds issuers and checks tokens with an independent validator (Microsoft.IdentityModel).</summary>
internal static class JwtTestSupport
{
    public const string Issuer = "https://oidc.example.org";
    public const string TrustDomainName = "example.org";

    /// <summary>A start time with a fractional second, so truncation to whole seconds is visible.</summary>
    public static readonly DateTimeOffset Start = new(2030, 1, 2, 3, 4, 5, 700, TimeSpan.Zero);

    public static readonly SpiffeId Subject = SpiffeId.Parse("spiffe://example.org/ns/prod/sa/web");

    public static AuthorityOptions Options(KeyType keyType = KeyType.EcP256) => new()
    {
        TrustDomain = TrustDomainName,
        Issuer = Issuer,
        JwtKeyType = keyType,
        MaxJwtSvidTtl = TimeSpan.FromHours(1),
    };

    public static async Task<JwtSvidIssuer> CreateInitializedAsync(
        IKeyManager keyManager, TimeProvider timeProvider, KeyType keyType = KeyType.EcP256)
    {
        var issuer = SingleProcessAuthority.CreateJwtIssuer(keyManager, Microsoft.Extensions.Options.Options.Create(Options(keyType)), timeProvider);
        await issuer.InitializeAsync(CancellationToken.None);
        return issuer;
    }

    /// <summary>An issuer as a service builds it: rotation state in <paramref name="store"/>, shared with other instances.</summary>
    public static async Task<JwtSvidIssuer> CreateInitializedAsync(
        IKeyManager keyManager, IAuthorityStateStore store, TimeProvider timeProvider, KeyType keyType = KeyType.EcP256)
    {
        var options = Microsoft.Extensions.Options.Options.Create(Options(keyType));
        var rotator = new JwtKeyRotator(
            store, keyManager, options, Microsoft.Extensions.Options.Options.Create(new JwtKeyRotationOptions()), timeProvider, NullLogger<JwtKeyRotator>.Instance);
        var issuer = new JwtSvidIssuer(new JwtKeyRing(rotator, timeProvider, NullLogger<JwtKeyRing>.Instance), options, timeProvider);
        await issuer.InitializeAsync(CancellationToken.None);
        return issuer;
    }

    public static FakeTimeProvider NewClock() => new(Start);

    public static string HeaderJson(string token) => DecodeSegment(token.Split('.')[0]);

    public static string PayloadJson(string token) => DecodeSegment(token.Split('.')[1]);

    public static JsonElement Payload(string token) => JsonDocument.Parse(PayloadJson(token)).RootElement.Clone();

    public static string DecodeSegment(string segment) => Encoding.UTF8.GetString(Base64Url.DecodeFromChars(segment));

    /// <summary>A JWK built only from the published key: what a relying party such as AWS IAM would fetch.</summary>
    public static JsonWebKey ToJsonWebKey(JwtSigningKey key) =>
        RelyingPartyKeys.FromPublicKey(key.KeyId, key.Algorithm, key.SubjectPublicKeyInfo);

    public static async Task<TokenValidationResult> ValidateAsync(
        string token, JsonWebKey key, string algorithm, string audience, TimeProvider timeProvider)
    {
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidIssuer = Issuer,
            ValidAudience = audience,
            ValidAlgorithms = [algorithm],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.Zero,
            // The validator's own clock is the system clock; judge lifetime against the test's clock instead.
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = timeProvider.GetUtcNow().UtcDateTime;
                return expires is { } exp && now < exp && (notBefore is not { } nbf || nbf <= now);
            },
        };
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
    }
}
