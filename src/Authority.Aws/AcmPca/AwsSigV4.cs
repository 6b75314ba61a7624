using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace Bridge.Authority.Aws.AcmPca;

/// <summary>
/// Signature Version 4 for JSON-protocol requests (POST to the endpoint root, no query). The canonical request is
/// built here, because AWSSDK.Core only canonicalizes its own request objects; the signing key derivation, string to
/// sign and HMAC are AWSSDK.Core's <see cref="AWS4Signer"/>. Checked against AWS's published SigV4 test vectors.
/// </summary>
internal static class AwsSigV4
{
    /// <summary>The date-time format of <c>X-Amz-Date</c>.</summary>
    public const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>
    /// Adds <c>Host</c>, <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> (for temporary credentials) and
    /// <c>Authorization</c> to <paramref name="request"/>, signing every header it carries.
    /// </summary>
    public static void Sign(
        HttpRequestMessage request, ReadOnlySpan<byte> body, ImmutableCredentials credentials, string region, string service, DateTimeOffset now)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        var signedAt = new DateTime(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        request.Headers.Host = HostHeader(uri);
        request.Headers.Remove("X-Amz-Date");
        request.Headers.Add("X-Amz-Date", signedAt.ToString(AmzDateFormat, CultureInfo.InvariantCulture));
        request.Headers.Remove("X-Amz-Security-Token");
        if (credentials.UseToken)
        {
            request.Headers.Add("X-Amz-Security-Token", credentials.Token);
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            if (!header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                headers.Add(new(header.Key, string.Join(',', header.Value)));
            }
        }

        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation(
            "Authorization", Authorization(request.Method.Method, uri, headers, body, credentials, region, service, signedAt));
    }

    /// <summary>The <c>Authorization</c> header value for a request whose headers already include host and x-amz-date.</summary>
    public static string Authorization(
        string method,
        Uri uri,
        IEnumerable<KeyValuePair<string, string>> headers,
        ReadOnlySpan<byte> body,
        ImmutableCredentials credentials,
        string region,
        string service,
        DateTime signedAt)
    {
        if (uri.AbsolutePath != "/" || uri.Query.Length > 0)
        {
            throw new ArgumentException("Only requests to the endpoint root without a query are signed here.", nameof(uri));
        }

        // Header names are case-insensitive and a repeated header's values are joined by commas (SigV4 §"canonical headers").
        var canonical = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var key = name.ToLowerInvariant();
            var trimmed = CollapseSpaces(value);
            canonical[key] = canonical.TryGetValue(key, out var existing) ? existing + "," + trimmed : trimmed;
        }

        var signedHeaders = string.Join(';', canonical.Keys);
        var builder = new StringBuilder()
            .Append(method).Append('\n')
            .Append('/').Append('\n')
            .Append('\n');
        foreach (var (name, value) in canonical)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('\n').Append(signedHeaders).Append('\n').Append(Convert.ToHexStringLower(SHA256.HashData(body)));
        var result = AWS4Signer.ComputeSignature(credentials, region, signedAt, service, signedHeaders, builder.ToString());
        return result.ForAuthorizationHeader;
    }

    /// <summary>The Host header HttpClient sends for <paramref name="uri"/>: the port only when it is not the scheme's default.</summary>
    public static string HostHeader(Uri uri) => uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}";

    private static string CollapseSpaces(string value)
    {
        var trimmed = value.Trim();
        if (!trimmed.Contains("  ", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var builder = new StringBuilder(trimmed.Length);
        foreach (var c in trimmed)
        {
            if (c != ' ' || builder.Length == 0 || builder[^1] != ' ')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
