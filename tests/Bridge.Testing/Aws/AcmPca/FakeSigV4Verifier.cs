using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Bridge.Testing.Aws.AcmPca;

/// <summary>
/// Checks a request's SigV4 <c>Authorization</c> header the way AWS does, recomputing the signature from the request as
/// received with the known secret. Written independently of the client's signer (plain HMAC-SHA256, no AWSSDK), so a
/// passing call proves the client signs correctly on the wire.
/// </summary>
internal static class FakeSigV4Verifier
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>Headers that must be signed so that neither the operation nor the body type can be swapped.</summary>
    private static readonly string[] RequiredSignedHeaders = ["content-type", "host", "x-amz-date", "x-amz-target"];

    /// <summary>Null when the signature verifies; otherwise why not.</summary>
    public static string? Verify(
        HttpRequest request, byte[] body, string accessKeyId, string secretAccessKey, string? sessionToken, string region, string service)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return "Authorization is missing or not AWS4-HMAC-SHA256.";
        }

        var parts = authorization[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaderList)
            || !parts.TryGetValue("Signature", out var signature))
        {
            return "Authorization lacks Credential, SignedHeaders or Signature.";
        }

        var scope = credential.Split('/');
        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (scope.Length != 5 || scope[0] != accessKeyId || scope[2] != region || scope[3] != service || scope[4] != "aws4_request")
        {
            return $"The credential scope '{string.Join('/', scope.Skip(1))}' or access key is wrong.";
        }

        if (amzDate.Length != 16 || !amzDate.StartsWith(scope[1], StringComparison.Ordinal))
        {
            return "X-Amz-Date is missing or does not match the credential scope's date.";
        }

        var signedHeaders = signedHeaderList.Split(';');
        if (!signedHeaders.SequenceEqual(signedHeaders.Order(StringComparer.Ordinal)) || signedHeaders.Any(h => h != h.ToLowerInvariant()))
        {
            return "SignedHeaders are not lowercase and sorted.";
        }

        var missing = RequiredSignedHeaders.Concat(sessionToken is null ? [] : ["x-amz-security-token"]).Except(signedHeaders).ToList();
        if (missing.Count > 0)
        {
            return $"These headers must be signed: {string.Join(", ", missing)}.";
        }

        if (sessionToken is not null && request.Headers["X-Amz-Security-Token"].ToString() != sessionToken)
        {
            return "The security token is missing or wrong.";
        }

        var canonical = new StringBuilder()
            .Append(request.Method).Append('\n')
            .Append(request.Path.HasValue ? request.Path.Value : "/").Append('\n')
            .Append(request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty).Append('\n');
        foreach (var name in signedHeaders)
        {
            var values = request.Headers[name];
            canonical.Append(name).Append(':').Append(string.Join(',', values.Select(v => string.Join(' ', (v ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))))).Append('\n');
        }

        canonical.Append('\n').Append(signedHeaderList).Append('\n').Append(Hex(SHA256.HashData(body)));
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope[1]}/{region}/{service}/aws4_request\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), scope[1]);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var expected = Hex(Hmac(key, stringToSign));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            ? null
            : "The request signature we calculated does not match the signature you provided.";
    }

    /// <summary>The request time from <c>X-Amz-Date</c>, if well-formed.</summary>
    public static DateTimeOffset? RequestTime(HttpRequest request) =>
        DateTimeOffset.TryParseExact(
            request.Headers["X-Amz-Date"].ToString(), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
