using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Bridge.Testing.Oidc;

/// <summary>
/// Mints real signed JWTs for a fake issuer: arbitrary headers and claims, STS- and EKS-shaped claim sets, and the
/// classic attacks (alg none, HS256 with the public key as secret, JWE-shaped tokens, key-bearing headers).
/// </summary>
public sealed class OidcTokenFactory
{
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a factory minting tokens of <paramref name="issuer"/> for <paramref name="audience"/>.</summary>
    public OidcTokenFactory(string issuer, string audience, OidcTestKey key, TimeProvider timeProvider)
    {
        Issuer = issuer;
        Audience = audience;
        Key = key;
        _timeProvider = timeProvider;
    }

    /// <summary>The <c>iss</c> of minted tokens.</summary>
    public string Issuer { get; }

    /// <summary>The <c>aud</c> of minted tokens.</summary>
    public string Audience { get; }

    /// <summary>The default signing key.</summary>
    public OidcTestKey Key { get; }

    /// <summary>iss, aud, sub, iat, exp (iat + <paramref name="lifetime"/>, default 5 min) and a random jti.</summary>
    public JsonObject BaseClaims(string subject = "test-subject", TimeSpan? lifetime = null)
    {
        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        return new JsonObject
        {
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["sub"] = subject,
            ["iat"] = now,
            ["exp"] = now + (long)(lifetime ?? TimeSpan.FromMinutes(5)).TotalSeconds,
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        };
    }

    /// <summary>Claims shaped like an AWS STS <c>GetWebIdentityToken</c> JWT for a role.</summary>
    public JsonObject StsClaims(string account = "123456789012", string rolePath = "role/DataProcessingRole", Action<JsonObject>? aws = null)
    {
        var claims = BaseClaims($"arn:aws:iam::{account}:{rolePath}");
        var ns = new JsonObject { ["aws_account"] = account, ["source_region"] = "eu-west-1" };
        aws?.Invoke(ns);
        claims["https://sts.amazonaws.com/"] = ns;
        return claims;
    }

    /// <summary>Claims shaped like an EKS projected service-account token.</summary>
    public JsonObject EksClaims(string ns = "payments", string serviceAccount = "api", string pod = "api-7d9f")
    {
        var claims = BaseClaims($"system:serviceaccount:{ns}:{serviceAccount}");
        claims["kubernetes.io"] = new JsonObject
        {
            ["namespace"] = ns,
            ["serviceaccount"] = new JsonObject { ["name"] = serviceAccount, ["uid"] = "sa-uid-1" },
            ["pod"] = new JsonObject { ["name"] = pod, ["uid"] = "pod-uid-1" },
        };
        return claims;
    }

    /// <summary>The default header for <paramref name="key"/>: alg, kid, typ JWT.</summary>
    public static JsonObject DefaultHeader(OidcTestKey key) =>
        new() { ["alg"] = key.Algorithm, ["kid"] = key.KeyId, ["typ"] = "JWT" };

    /// <summary>Signs <paramref name="claims"/>; <paramref name="editHeader"/> may change the header before signing.</summary>
    public string Create(JsonObject claims, Action<JsonObject>? editHeader = null, OidcTestKey? key = null)
    {
        key ??= Key;
        var header = DefaultHeader(key);
        editHeader?.Invoke(header);
        var algorithm = header["alg"]?.GetValue<string>() ?? key.Algorithm;
        return SignRaw(header.ToJsonString(), claims.ToJsonString(), key, algorithm);
    }

    /// <summary>Signs raw header and payload JSON text (for duplicate members and other malformed JSON).</summary>
    public static string SignRaw(string headerJson, string payloadJson, OidcTestKey key, string? algorithm = null) =>
        SignRaw(Encoding.UTF8.GetBytes(headerJson), Encoding.UTF8.GetBytes(payloadJson), key, algorithm);

    /// <summary>Signs raw header and payload bytes (for JSON that is not valid UTF-8).</summary>
    public static string SignRaw(byte[] headerJson, byte[] payloadJson, OidcTestKey key, string? algorithm = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        var input = Base64Url.EncodeToString(headerJson) + "." + Base64Url.EncodeToString(payloadJson);
        return input + "." + Base64Url.EncodeToString(key.Sign(Encoding.ASCII.GetBytes(input), algorithm));
    }

    /// <summary>Attack: an unsigned token with <c>alg: none</c> and an empty signature.</summary>
    public static string AlgNone(JsonObject claims, string? keyId = null)
    {
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT" };
        if (keyId is not null)
        {
            header["kid"] = keyId;
        }

        return Encode(header.ToJsonString()) + "." + Encode(claims.ToJsonString()) + ".";
    }

    /// <summary>Attack: HS256 with <paramref name="secret"/> (for example the issuer's public key bytes) as the HMAC key.</summary>
    public static string Hs256(JsonObject claims, byte[] secret, string? keyId)
    {
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" };
        if (keyId is not null)
        {
            header["kid"] = keyId;
        }

        var input = Encode(header.ToJsonString()) + "." + Encode(claims.ToJsonString());
        return input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input)));
    }

    /// <summary>Attack: a five-part JWE-shaped token whose "plaintext" carries <paramref name="claims"/>.</summary>
    public static string JweShaped(JsonObject claims, string? keyId = null)
    {
        var header = new JsonObject { ["alg"] = "RSA-OAEP", ["enc"] = "A256GCM" };
        if (keyId is not null)
        {
            header["kid"] = keyId;
        }

        return string.Join('.', Encode(header.ToJsonString()), "", Base64Url.EncodeToString(new byte[12]), Encode(claims.ToJsonString()), Base64Url.EncodeToString(new byte[16]));
    }

    /// <summary>Base64url-encodes UTF-8 text without padding.</summary>
    public static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
}
