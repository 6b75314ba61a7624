using System.Net;
using System.Text.Json;

namespace Bridge.ExchangeFunction.Tests.TestSupport;

/// <summary>Assertions on RFC 6749 §5.1/§5.2 token endpoint responses.</summary>
internal static class OAuthAssert
{
    /// <summary>
    /// Asserts an OAuth error: status, <c>error</c>, exact <c>error_description</c>, <c>no-store</c> and nothing else
    /// in the body (no token). Returns the raw body.
    /// </summary>
    public static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error, string description)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(status, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "error responses must be Cache-Control: no-store");
        using var json = JsonDocument.Parse(body);
        var members = json.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["error", "error_description"], members);
        Assert.Equal(error, json.RootElement.GetProperty("error").GetString());
        Assert.Equal(description, json.RootElement.GetProperty("error_description").GetString());
        return body;
    }

    /// <summary>Asserts 200 with <c>no-store</c> and returns the parsed body.</summary>
    public static async Task<JsonElement> SuccessAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {body}");
        Assert.True(response.Headers.CacheControl?.NoStore, "token responses must be Cache-Control: no-store");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }
}
