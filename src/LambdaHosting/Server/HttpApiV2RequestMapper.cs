using System.Net;
using System.Text.RegularExpressions;
using Bridge.LambdaHosting.Events;
using Bridge.LambdaHosting.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Bridge.LambdaHosting.Server;

/// <summary>
/// Maps an HTTP API payload 2.0 / Function URL event into request features, the way Kestrel would have filled them
/// from the wire.
/// </summary>
internal static partial class HttpApiV2RequestMapper
{
    private const string EncodedSlash = "%2F";

    /// <summary>
    /// Fills <paramref name="features"/> from <paramref name="request"/>; returns a description of the problem when the
    /// event is not a usable 2.0 request (it is then answered with an invocation error, never run through the app).
    /// </summary>
    public static string? Map(HttpApiV2Request request, LambdaInvocation invocation, LambdaInvocationFeatures features, bool stripStagePrefix)
    {
        if (request.Version != "2.0")
        {
            return "The event is not an HTTP API payload format 2.0 request (version must be \"2.0\").";
        }

        var http = request.RequestContext?.Http;
        if (string.IsNullOrEmpty(http?.Method) || string.IsNullOrEmpty(request.RawPath) || request.RawPath[0] != '/')
        {
            return "The event lacks requestContext.http.method or a rawPath starting with '/'.";
        }

        byte[] body;
        try
        {
            body = request.Body is null ? []
                : request.IsBase64Encoded ? Convert.FromBase64String(request.Body)
                : System.Text.Encoding.UTF8.GetBytes(request.Body);
        }
        catch (FormatException)
        {
            return "The event body is marked base64 but is not valid base64.";
        }

        features.Method = http.Method.ToUpperInvariant();
        features.Protocol = string.IsNullOrEmpty(http.Protocol) ? "HTTP/1.1" : http.Protocol;
        features.Scheme = "https";
        SetPath(features, request.RawPath, stripStagePrefix ? request.RequestContext?.Stage : null);
        features.QueryString = string.IsNullOrEmpty(request.RawQueryString) ? string.Empty : "?" + request.RawQueryString;
        features.RawTarget = request.RawPath + features.QueryString;
        features.RequestHeaders = MapHeaders(request, invocation, body.Length);
        features.RequestBody = new MemoryStream(body, writable: false);
        features.CanHaveBody = body.Length > 0;
        features.RemoteIpAddress = IPAddress.TryParse(http.SourceIp, out var sourceIp) ? sourceIp : null;
        features.ConnectionId = request.RequestContext?.RequestId ?? invocation.RequestId;
        features.TraceIdentifier = invocation.RequestId;
        return null;
    }

    /// <summary>
    /// Splits the stage prefix into PathBase. On a named stage of an HTTP API the raw path starts with
    /// <c>/{stage}</c>; "$default" (and every Function URL) has no prefix. Only a whole first segment is stripped.
    /// </summary>
    private static void SetPath(LambdaInvocationFeatures features, string rawPath, string? stage)
    {
        var pathBase = string.Empty;
        var path = rawPath;
        if (!string.IsNullOrEmpty(stage) && stage != "$default")
        {
            var prefix = "/" + stage;
            if (rawPath.Length == prefix.Length ? rawPath == prefix
                : rawPath.StartsWith(prefix + "/", StringComparison.Ordinal))
            {
                pathBase = prefix;
                path = rawPath[prefix.Length..];
                if (path.Length == 0)
                {
                    path = "/";
                }
            }
        }

        features.PathBase = UnescapePath(pathBase);
        features.Path = UnescapePath(path);
    }

    /// <summary>Decodes percent-escapes except an encoded '/', which would change the path's segments (as Kestrel does).</summary>
    private static string UnescapePath(string rawPath)
    {
        if (!rawPath.Contains('%', StringComparison.Ordinal))
        {
            return rawPath;
        }

        var parts = EncodedSlashPattern().Split(rawPath);
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = Uri.UnescapeDataString(parts[i]);
        }

        return string.Join(EncodedSlash, parts);
    }

    [GeneratedRegex("%2[Ff]", RegexOptions.CultureInvariant)]
    private static partial Regex EncodedSlashPattern();

    private static HeaderDictionary MapHeaders(HttpApiV2Request request, LambdaInvocation invocation, int bodyLength)
    {
        var headers = new HeaderDictionary();
        if (request.Headers is not null)
        {
            foreach (var (name, value) in request.Headers)
            {
                // Duplicates arrive already comma-joined: one value, exactly what a client sending one line would produce.
                headers[name] = value;
            }
        }

        // In payload 2.0 the Cookie headers move to the cookies array; rebuild the single Cookie header from it.
        if (request.Cookies is { Count: > 0 } cookies)
        {
            headers[HeaderNames.Cookie] = string.Join("; ", cookies);
        }

        if (invocation.TraceId is not null)
        {
            headers["X-Amzn-Trace-Id"] = invocation.TraceId;
        }

        // The body is already fully decoded: its length is the truth, whatever the event's header said.
        if (bodyLength > 0)
        {
            headers.ContentLength = bodyLength;
        }
        else
        {
            headers.Remove(HeaderNames.ContentLength);
        }

        headers.Remove(HeaderNames.TransferEncoding);
        return headers;
    }
}
