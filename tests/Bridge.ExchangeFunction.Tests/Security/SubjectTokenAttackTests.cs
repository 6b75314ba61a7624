using System.Net;
using System.Text.Json.Nodes;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Bridge.Testing.Oidc;

namespace Bridge.ExchangeFunction.Tests.Security;

/// <summary>
/// Forged, misdirected, stale and replayed subject tokens through HTTP. The role is registered, so each refusal comes
/// from the token alone; all get the same generic answer and no token.
/// </summary>
public sealed class SubjectTokenAttackTests(BridgeFactory factory) : IClassFixture<BridgeFactory>, IDisposable
{
    private const string Role = "Target";

    private readonly OidcTestKey _attackerRsa = OidcTestKey.CreateRsa("attacker-rsa");
    private readonly OidcTestKey _attackerEc = OidcTestKey.CreateEc("attacker-ec");

    private static readonly Dictionary<string, Func<SubjectTokenAttackTests, string>> Attacks = new(StringComparer.Ordinal)
    {
        ["alg none"] = t => OidcTokenFactory.AlgNone(t.Claims(), t.Legit.KeyId),
        ["HS256 keyed with the public key DER"] = t => OidcTokenFactory.Hs256(t.Claims(), t.Legit.PublicKeyDer, t.Legit.KeyId),
        ["HS256 keyed with the public key PEM"] = t => OidcTokenFactory.Hs256(t.Claims(), System.Text.Encoding.ASCII.GetBytes(t.Legit.PublicKeyPem), t.Legit.KeyId),
        ["ES256 under the RSA key's kid"] = t => t.Tokens.Create(t.Claims(), h => h["kid"] = t.Legit.KeyId, t._attackerEc),
        ["PS256, not allowed for this issuer"] = t => t.Tokens.Create(t.Claims(), h => h["alg"] = "PS256"),
        ["JWE-shaped five parts"] = t => OidcTokenFactory.JweShaped(t.Claims(), t.Legit.KeyId),
        ["jku header"] = t => t.Tokens.Create(t.Claims(), h => h["jku"] = "https://attacker.example.com/jwks"),
        ["x5u header"] = t => t.Tokens.Create(t.Claims(), h => h["x5u"] = "https://attacker.example.com/cert.pem"),
        ["jwk header"] = t => t.Tokens.Create(t.Claims(), h => h["jwk"] = t.Legit.ToJwk()),
        ["x5c header"] = t => t.Tokens.Create(t.Claims(), h => h["x5c"] = new JsonArray("MIIB")),
        ["wrong issuer"] = t => t.Tokens.Create(t.Claims(c => c["iss"] = "https://attacker.example.com"), key: t._attackerRsa),
        ["issuer mix-up: trusted iss, attacker key, trusted kid"] = t => t.Tokens.Create(t.Claims(), h => h["kid"] = t.Legit.KeyId, t._attackerRsa),
        ["issuer mix-up: trusted iss, attacker key and kid"] = t => t.Tokens.Create(t.Claims(), key: t._attackerRsa),
        ["issuer mix-up: trusted iss, another trusted issuer's key and kid"] = t => t.Tokens.Create(t.Claims(), key: t.OtherIssuerKey),
        ["wrong audience"] = t => t.Tokens.Create(t.Claims(c => c["aud"] = "another-service")),
        ["expired"] = t => t.Tokens.Create(t.Claims(c => c["exp"] = t.Now - 600, c => c["iat"] = t.Now - 900)),
        ["nbf in the future"] = t => t.Tokens.Create(t.Claims(c => c["nbf"] = t.Now + 600)),
        ["iat in the future"] = t => t.Tokens.Create(t.Claims(c => c["iat"] = t.Now + 600, c => c["exp"] = t.Now + 900)),
        ["lifetime over the issuer maximum"] = t => t.Tokens.Create(t.Claims(c => c["exp"] = t.Now + 7200)),
        ["oversized token"] = t => t.Tokens.Create(t.Claims(c => c["pad"] = new string('a', 17 * 1024))),
        ["tampered payload"] = t => Tamper(t.Tokens.Create(t.Claims())),
    };

    private OidcTestKey Legit => factory.StsKey;

    private OidcTokenFactory Tokens => factory.Tokens;

    private OidcTestKey OtherIssuerKey => factory.OtherIssuerKey;

    private long Now => factory.Time.GetUtcNow().ToUnixTimeSeconds();

    public static TheoryData<string> AttackNames => [.. Attacks.Keys];

    [Theory]
    [MemberData(nameof(AttackNames))]
    public async Task Token_AttackToken_IsRefusedGenerically(string name)
    {
        await EnsureRegisteredAsync();

        using var response = await factory.Client.PostTokenAsync(TokenRequest.Jwt(Attacks[name](this), "ledger"));

        await OAuthAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.SubjectToken);
    }

    [Fact]
    public async Task Token_ControlCase_HonestTokenForTheSameRoleSucceeds()
    {
        await EnsureRegisteredAsync();

        using var response = await factory.Client.PostTokenAsync(TokenRequest.Jwt(Tokens.Create(Claims()), "ledger"));

        await OAuthAssert.SuccessAsync(response);
    }

    [Fact]
    public async Task Token_SameTokenTwice_SecondUseIsRefused()
    {
        await EnsureRegisteredAsync();
        var token = Tokens.Create(Claims());

        using var first = await factory.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"));
        using var second = await factory.Client.PostTokenAsync(TokenRequest.Jwt(token, "ledger"));

        await OAuthAssert.SuccessAsync(first);
        await OAuthAssert.ErrorAsync(second, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.SubjectToken);
    }

    [Fact]
    public async Task Token_UnregisteredAndForged_GetByteIdenticalAnswers()
    {
        await EnsureRegisteredAsync();
        var unregistered = factory.StsToken("NobodyRegisteredThis");
        var forged = Tokens.Create(Claims(), key: _attackerRsa);

        using var unregisteredResponse = await factory.Client.PostTokenAsync(TokenRequest.Jwt(unregistered, "ledger"));
        using var forgedResponse = await factory.Client.PostTokenAsync(TokenRequest.Jwt(forged, "ledger"));

        var unregisteredBody = await OAuthAssert.ErrorAsync(unregisteredResponse, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.SubjectToken);
        var forgedBody = await OAuthAssert.ErrorAsync(forgedResponse, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.SubjectToken);
        Assert.Equal(unregisteredBody, forgedBody);
        Assert.Equal(
            unregisteredResponse.Content.Headers.Select(h => h.Key + string.Join(',', h.Value)),
            forgedResponse.Content.Headers.Select(h => h.Key + string.Join(',', h.Value)));
    }

    public void Dispose()
    {
        _attackerRsa.Dispose();
        _attackerEc.Dispose();
    }

    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]))!.AsObject();
        payload["sub"] = "arn:aws:iam::123456789012:role/Admin";
        return parts[0] + "." + OidcTokenFactory.Encode(payload.ToJsonString()) + "." + parts[2];
    }

    private JsonObject Claims(params Action<JsonObject>[] edits)
    {
        var claims = Tokens.StsClaims(BridgeFactory.Account, "role/" + Role);
        foreach (var edit in edits)
        {
            edit(claims);
        }

        return claims;
    }

    private async Task EnsureRegisteredAsync()
    {
        var parent = Bridge.Abstractions.Registration.BridgeIds.AttestorParent(BridgeFactory.TrustDomain, BridgeFactory.AttestorName);
        var existing = await factory.Registrations.FindMatchingAsync(
            parent, [new("aws", "account:" + BridgeFactory.Account), new("aws", "role:" + Role)], TestContext.Current.CancellationToken);
        if (existing.Count == 0)
        {
            await factory.RegisterAsync(Role);
        }
    }
}
