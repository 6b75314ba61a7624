using System.Net;
using System.Text.Json;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Bridge.Spiffe.Bundle;

namespace Bridge.ExchangeFunction.Tests.Endpoints;

/// <summary>OIDC discovery, the JWKS AWS IAM reads, and the SPIFFE bundle endpoint.</summary>
public sealed class DiscoveryEndpointsTests(BridgeFactory factory) : IClassFixture<BridgeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenIdConfiguration_NamesIssuerKeysAndAlgorithms()
    {
        using var document = await GetJsonAsync("/.well-known/openid-configuration");
        var root = document.RootElement;

        Assert.Equal(BridgeFactory.BridgeIssuer, root.GetProperty("issuer").GetString());
        Assert.Equal(BridgeFactory.BridgeIssuer + "/keys", root.GetProperty("jwks_uri").GetString());
        Assert.Equal(["ES256"], root.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Keys_ListsOnlyJwtSigningKeysWithAlg()
    {
        using var document = await GetJsonAsync("/keys");
        var keys = document.RootElement.GetProperty("keys").EnumerateArray().ToArray();

        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            Assert.Equal("EC", key.GetProperty("kty").GetString());
            Assert.Equal("sig", key.GetProperty("use").GetString());
            Assert.Equal("ES256", key.GetProperty("alg").GetString());
            Assert.False(string.IsNullOrEmpty(key.GetProperty("kid").GetString()));
            Assert.False(key.TryGetProperty("x5c", out _));
            Assert.False(key.TryGetProperty("d", out _));
        });
    }

    [Fact]
    public async Task Bundle_ParsesAndCarriesX509AndJwtAuthorities()
    {
        var json = await factory.Client.GetStringAsync(new Uri("/bundle", UriKind.Relative), Ct);
        using var document = JsonDocument.Parse(json);

        var bundle = SpiffeBundleDocument.Parse(BridgeFactory.TrustDomain, json);

        var uses = document.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("use").GetString()).ToHashSet();
        Assert.Equal(["jwt-svid", "x509-svid"], uses.Order(StringComparer.Ordinal));
        Assert.NotEmpty(bundle.X509Authorities);
        Assert.NotEmpty(bundle.JwtAuthorities);
        Assert.NotNull(bundle.SequenceNumber);
        Assert.Equal(TimeSpan.FromMinutes(5), bundle.RefreshHint);
        using var jwks = await GetJsonAsync("/keys");
        Assert.Equal(
            jwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).Order(StringComparer.Ordinal),
            bundle.JwtAuthorities.Keys.Order(StringComparer.Ordinal));
    }

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var response = await factory.Client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
    }
}
