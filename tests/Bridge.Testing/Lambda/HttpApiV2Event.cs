using System.Text;
using System.Text.Json.Nodes;

namespace Bridge.Testing.Lambda;

/// <summary>Builds API Gateway HTTP API payload format 2.0 events, shaped as the service sends them.</summary>
public static class HttpApiV2Event
{
    /// <summary>
    /// Creates an event. <paramref name="headers"/> names are lower-cased as API Gateway does; <paramref name="body"/>
    /// bytes are sent base64 when <paramref name="base64"/> is true, else as UTF-8 text.
    /// </summary>
    public static string Create(
        string method,
        string rawPath,
        string rawQueryString = "",
        IReadOnlyDictionary<string, string>? headers = null,
        IReadOnlyList<string>? cookies = null,
        byte[]? body = null,
        bool base64 = false,
        string sourceIp = "203.0.113.7",
        string stage = "$default")
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(rawPath);
        var headerObject = new JsonObject { ["host"] = "abc123.execute-api.us-east-1.amazonaws.com" };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            headerObject[name.ToLowerInvariant()] = value;
        }

        var root = new JsonObject
        {
            ["version"] = "2.0",
            ["routeKey"] = "$default",
            ["rawPath"] = rawPath,
            ["rawQueryString"] = rawQueryString,
            ["headers"] = headerObject,
            ["requestContext"] = new JsonObject
            {
                ["accountId"] = "123456789012",
                ["apiId"] = "abc123",
                ["domainName"] = "abc123.execute-api.us-east-1.amazonaws.com",
                ["http"] = new JsonObject
                {
                    ["method"] = method,
                    ["path"] = rawPath,
                    ["protocol"] = "HTTP/1.1",
                    ["sourceIp"] = sourceIp,
                    ["userAgent"] = "test",
                },
                ["requestId"] = "apigw-" + Guid.NewGuid().ToString("N"),
                ["routeKey"] = "$default",
                ["stage"] = stage,
            },
            ["isBase64Encoded"] = base64,
        };
        if (cookies is not null)
        {
            root["cookies"] = new JsonArray([.. cookies.Select(cookie => (JsonNode?)JsonValue.Create(cookie))]);
        }

        if (body is not null)
        {
            root["body"] = base64 ? Convert.ToBase64String(body) : Encoding.UTF8.GetString(body);
        }

        return root.ToJsonString();
    }
}
