using System.Text;
using System.Text.Json;
using Bridge.Testing.Lambda;

namespace Bridge.LambdaHosting.Tests.Server;

/// <summary>A posted HTTP API payload 2.0 response, parsed for assertions.</summary>
internal sealed record LambdaResponse(int StatusCode, IReadOnlyDictionary<string, string> Headers, IReadOnlyList<string> Cookies, string Body, bool IsBase64Encoded, string Raw)
{
    /// <summary>Parses <paramref name="result"/>, which must be a /response post.</summary>
    public static LambdaResponse Parse(FakeInvocationResult result)
    {
        Assert.False(result.IsError, $"Expected a response, got an invocation error: {result.Body}");
        using var document = JsonDocument.Parse(result.Body);
        var root = document.RootElement;
        var headers = root.GetProperty("headers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.OrdinalIgnoreCase);
        var cookies = root.TryGetProperty("cookies", out var c) ? c.EnumerateArray().Select(e => e.GetString()!).ToArray() : [];
        return new LambdaResponse(
            root.GetProperty("statusCode").GetInt32(),
            headers,
            cookies,
            root.GetProperty("body").GetString()!,
            root.GetProperty("isBase64Encoded").GetBoolean(),
            result.Body);
    }

    /// <summary>The body bytes, decoding base64 when flagged.</summary>
    public byte[] BodyBytes => IsBase64Encoded ? Convert.FromBase64String(Body) : Encoding.UTF8.GetBytes(Body);

    /// <summary>The body parsed as the /echo JSON.</summary>
    public JsonElement Echo()
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.Clone();
    }
}
