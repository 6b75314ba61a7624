using System.Text;
using System.Text.Json;
using Bridge.Testing.Lambda;

namespace Bridge.ExchangeFunction.Tests.Lambda;

/// <summary>An HTTP API payload 2.0 response the function posted to the Runtime API, parsed for assertions.</summary>
public sealed record LambdaHttpResponse(int StatusCode, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>Parses <paramref name="result"/>, which must be a <c>/response</c> post, not an invocation error.</summary>
    public static LambdaHttpResponse Parse(FakeInvocationResult result)
    {
        Assert.False(result.IsError, $"Expected a response, got an invocation error ({result.ErrorType})");
        using var document = JsonDocument.Parse(result.Body);
        var root = document.RootElement;
        var headers = root.TryGetProperty("headers", out var h)
            ? h.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var body = root.TryGetProperty("body", out var b) ? b.GetString() ?? string.Empty : string.Empty;
        if (root.TryGetProperty("isBase64Encoded", out var base64) && base64.GetBoolean())
        {
            body = Encoding.UTF8.GetString(Convert.FromBase64String(body));
        }

        return new LambdaHttpResponse(root.GetProperty("statusCode").GetInt32(), headers, body);
    }

    /// <summary>The <c>Content-Type</c> header, empty when absent.</summary>
    public string ContentType => Headers.TryGetValue("Content-Type", out var value) ? value : string.Empty;

    /// <summary>The body parsed as JSON.</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.Clone();
    }
}
