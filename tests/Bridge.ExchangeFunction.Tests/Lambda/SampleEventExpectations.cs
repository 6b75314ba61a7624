using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Bridge.Spiffe.Bundle;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bridge.ExchangeFunction.Tests.Lambda;

/// <summary>
/// What the response to each <c>events/</c> file must be, whichever host served it: the checks every response must
/// pass, and for the documented events (events/README.md) their own.
/// </summary>
public static class SampleEventExpectations
{
    private const string JsonContentType = "application/json";

    private static readonly Dictionary<string, Func<ISampleEventHost, LambdaHttpResponse, Task>> Expectations = new(StringComparer.Ordinal)
    {
        ["discovery-openid-configuration"] = (_, response) => OpenIdConfiguration(response),
        ["discovery-jwks"] = (_, response) => Jwks(response),
        ["discovery-bundle"] = (_, response) => Bundle(response),
        ["token-jwt-svid"] = JwtSvidAsync,
        ["token-x509-svid"] = X509Svid,
        ["token-denied-unregistered"] = (_, response) => OAuthError(response, "invalid_request", ErrorDescriptions.SubjectToken),
        ["token-malformed-unknown-parameter"] = (_, response) => OAuthError(response, "invalid_request", ErrorDescriptions.Malformed),
        ["token-malformed-query-parameter"] = (_, response) => OAuthError(response, "invalid_request", ErrorDescriptions.Malformed),
        ["token-malformed-parameter-without-value"] = (_, response) => OAuthError(response, "invalid_request", ErrorDescriptions.Malformed),
        ["agent-attest-unknown-attestor"] = (_, response) => OAuthError(response, "invalid_request", "The node attestor is not supported."),
        ["agent-attest-malformed-unknown-member"] = (_, response) => OAuthError(response, "invalid_request", ErrorDescriptions.Malformed),
        ["agent-entries-unauthenticated"] = (_, response) => Unauthenticated(response),
    };

    /// <summary>The events with their own checks (every one must be in the folder).</summary>
    public static IReadOnlyCollection<string> Documented => Expectations.Keys;

    /// <summary>Every event file, by name.</summary>
    public static TheoryData<string> EventNames => [.. SampleEvent.Names];

    /// <summary>Asserts what <paramref name="response"/> to <paramref name="sampleEvent"/> must be.</summary>
    public static async Task CheckAsync(ISampleEventHost host, SampleEvent sampleEvent, LambdaHttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(sampleEvent);
        ArgumentNullException.ThrowIfNull(response);

        // What every event must get: an HTTP response (not an invocation error), no server fault, and JSON.
        Assert.InRange(response.StatusCode, 200, 499);
        Assert.StartsWith(JsonContentType, response.ContentType, StringComparison.OrdinalIgnoreCase);
        _ = response.Json();
        var path = JsonNode.Parse(sampleEvent.Json)!["rawPath"]?.GetValue<string>() ?? string.Empty;
        if (path == "/token" || path.StartsWith("/agent/", StringComparison.Ordinal))
        {
            Assert.Equal("no-store", response.Headers["Cache-Control"]);
        }

        if (Expectations.TryGetValue(sampleEvent.Name, out var expectation))
        {
            await expectation(host, response);
        }
    }

    private static Task OpenIdConfiguration(LambdaHttpResponse response)
    {
        Assert.Equal(200, response.StatusCode);
        var root = response.Json();
        Assert.Equal(BridgeFactory.BridgeIssuer, root.GetProperty("issuer").GetString());
        Assert.Equal(BridgeFactory.BridgeIssuer + "/keys", root.GetProperty("jwks_uri").GetString());
        Assert.Equal(["ES256"], root.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(a => a.GetString()));
        return Task.CompletedTask;
    }

    private static Task Jwks(LambdaHttpResponse response)
    {
        Assert.Equal(200, response.StatusCode);
        var keys = response.Json().GetProperty("keys").EnumerateArray().ToArray();
        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            Assert.Equal("ES256", key.GetProperty("alg").GetString());
            Assert.False(key.TryGetProperty("d", out _));
        });
        return Task.CompletedTask;
    }

    private static Task Bundle(LambdaHttpResponse response)
    {
        Assert.Equal(200, response.StatusCode);
        var bundle = SpiffeBundleDocument.Parse(BridgeFactory.TrustDomain, response.Body);
        Assert.NotEmpty(bundle.X509Authorities);
        Assert.NotEmpty(bundle.JwtAuthorities);
        return Task.CompletedTask;
    }

    private static async Task JwtSvidAsync(ISampleEventHost host, LambdaHttpResponse response)
    {
        Assert.Equal(200, response.StatusCode);
        var body = response.Json();
        Assert.Equal("N_A", body.GetProperty("token_type").GetString());
        Assert.Equal(TokenRequest.JwtType, body.GetProperty("issued_token_type").GetString());
        Assert.Equal(LambdaExchangeHost.SpiffeId, body.GetProperty("spiffe_id").GetString());

        // Verified as a relying party would: with the keys the JWKS event returns.
        var jwks = new JsonWebKeySet((await host.InvokeAsync("discovery-jwks")).Body);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(body.GetProperty("access_token").GetString(), new TokenValidationParameters
        {
            ValidIssuer = BridgeFactory.BridgeIssuer,
            ValidAudience = "ledger",
            IssuerSigningKeys = jwks.GetSigningKeys(),
            TryAllIssuerSigningKeys = false,
            LifetimeValidator = (_, expires, _, _) => expires > host.Now.UtcDateTime,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal(LambdaExchangeHost.SpiffeId, result.Claims["sub"]);
    }

    private static Task X509Svid(ISampleEventHost host, LambdaHttpResponse response)
    {
        Assert.Equal(200, response.StatusCode);
        var body = response.Json();
        Assert.Equal(TokenRequest.X509SvidType, body.GetProperty("issued_token_type").GetString());
        using var svid = X509Response.From(body);
        Assert.NotEmpty(svid.Chain);
        Assert.NotEmpty(svid.TrustBundle);
        Assert.Equal(host.LastCsrKey!.ExportSubjectPublicKeyInfo(), svid.Leaf.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal([LambdaExchangeHost.SpiffeId], svid.LeafNames().Uris);

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(svid.TrustBundle);
        chain.ChainPolicy.ExtraStore.AddRange(svid.Chain[1..]);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = host.Now.UtcDateTime;
        Assert.True(chain.Build(svid.Leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        return Task.CompletedTask;
    }

    private static Task OAuthError(LambdaHttpResponse response, string error, string description) => OAuthError(response, 400, error, description);

    /// <summary>An agent route without an assertion: RFC 6750's 401 with the challenge, and nothing else.</summary>
    private static Task Unauthenticated(LambdaHttpResponse response)
    {
        Assert.Equal("BridgeAgent error=\"invalid_token\"", response.Headers["WWW-Authenticate"]);
        return OAuthError(response, 401, "invalid_token", "The agent assertion is missing, invalid or not acceptable.");
    }

    private static Task OAuthError(LambdaHttpResponse response, int status, string error, string description)
    {
        Assert.Equal(status, response.StatusCode);
        var body = response.Json();
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.Equal(description, body.GetProperty("error_description").GetString());
        Assert.False(body.TryGetProperty("access_token", out _));
        return Task.CompletedTask;
    }
}
