using System.Text;
using System.Text.Unicode;
using Bridge.LambdaHosting.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Bridge.LambdaHosting.Server;

/// <summary>Maps the buffered ASP.NET Core response back into an HTTP API payload 2.0 response.</summary>
internal static class HttpApiV2ResponseMapper
{
    /// <summary>Builds the response: Set-Cookie values go to <c>cookies</c>, the body is text only when the content type says so.</summary>
    public static HttpApiV2Response Map(int statusCode, IHeaderDictionary headers, ReadOnlySpan<byte> body)
    {
        var mappedHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        List<string>? cookies = null;
        foreach (var (name, values) in headers)
        {
            if (string.Equals(name, HeaderNames.SetCookie, StringComparison.OrdinalIgnoreCase))
            {
                cookies ??= [];
                cookies.AddRange(values.Where(value => !string.IsNullOrEmpty(value))!);
            }
            else if (!string.Equals(name, HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(name, HeaderNames.TransferEncoding, StringComparison.OrdinalIgnoreCase))
            {
                // API Gateway frames the body itself; a length computed before base64 would be wrong anyway.
                mappedHeaders[name] = Join(values);
            }
        }

        var asText = IsTextual(headers.ContentType) && Utf8.IsValid(body);
        return new HttpApiV2Response
        {
            StatusCode = statusCode == 0 ? StatusCodes.Status200OK : statusCode,
            Headers = mappedHeaders,
            Cookies = cookies,
            Body = body.IsEmpty ? string.Empty : asText ? Encoding.UTF8.GetString(body) : Convert.ToBase64String(body),
            IsBase64Encoded = !body.IsEmpty && !asText,
        };
    }

    /// <summary>A bare response with no headers and no body: what an unhandled exception becomes.</summary>
    public static HttpApiV2Response Bare(int statusCode) => new() { StatusCode = statusCode };

    /// <summary>
    /// Whether a body of this content type travels as text. Anything unknown (or no content type at all) is sent as
    /// base64, which API Gateway decodes: safe for every byte sequence.
    /// </summary>
    internal static bool IsTextual(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return false;
        }

        var mediaType = parsed.MediaType;
        return parsed.Charset.HasValue
            || mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/xml", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/javascript", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/jwt", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
    }

    private static string Join(StringValues values) => values.Count == 1 ? values[0] ?? string.Empty : string.Join(",", values.ToArray());
}
