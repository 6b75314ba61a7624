using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Bridge.Testing.Oidc;

namespace Bridge.Testing.Aws.Sts;

/// <summary><c>GetWebIdentityToken</c>, with STS's own validation of its inputs.</summary>
public sealed partial class FakeStsServer
{
    private const int MaxAudiences = 10;
    private const int MaxAudienceLength = 1000;
    private const int MinDurationSeconds = 60;
    private const int MaxDurationSeconds = 3600;
    private const int DefaultDurationSeconds = 300;

    private (HttpStatusCode Status, XElement Body) GetWebIdentityToken(FakeStsCall call)
    {
        var problems = new List<string>();
        if (call.Audiences.Count is 0 or > MaxAudiences)
        {
            problems.Add($"Value at 'audience' failed to satisfy constraint: Member must have length less than or equal to {MaxAudiences} and greater than or equal to 1");
        }

        if (call.Audiences.Any(a => a.Length is 0 or > MaxAudienceLength))
        {
            problems.Add($"Value at 'audience' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to {MaxAudienceLength}, Member must have length greater than or equal to 1]");
        }

        var key = call.SigningAlgorithm switch
        {
            "RS256" => RsaKey,
            "ES384" => EcKey,
            _ => null,
        };
        if (key is null)
        {
            problems.Add($"Value '{call.SigningAlgorithm}' at 'signingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [RS256, ES384]");
        }

        var duration = DefaultDurationSeconds;
        if (call.DurationSeconds is not null
            && (!int.TryParse(call.DurationSeconds, NumberStyles.None, CultureInfo.InvariantCulture, out duration)
                || duration is < MinDurationSeconds or > MaxDurationSeconds))
        {
            problems.Add($"Value '{call.DurationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to {MaxDurationSeconds} and greater than or equal to {MinDurationSeconds}");
        }

        if (problems.Count > 0)
        {
            var message = $"{problems.Count} validation error{(problems.Count == 1 ? string.Empty : "s")} detected: " + string.Join("; ", problems);
            return (HttpStatusCode.BadRequest, Error("ValidationError", message));
        }

        var now = TimeProvider.GetUtcNow();
        var expires = now.AddSeconds(duration);
        var token = Mint(call.Audiences, key!, now, expires);
        IssuedTokens.Enqueue(token);
        var body = new XElement(
            XName.Get("GetWebIdentityTokenResponse", Namespace),
            new XElement(
                XName.Get("GetWebIdentityTokenResult", Namespace),
                new XElement(XName.Get("WebIdentityToken", Namespace), token),
                new XElement(XName.Get("Expiration", Namespace), expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))),
            new XElement(
                XName.Get("ResponseMetadata", Namespace),
                new XElement(XName.Get("RequestId", Namespace), Guid.NewGuid().ToString())));
        return (HttpStatusCode.OK, body);
    }

    private string Mint(IReadOnlyList<string> audiences, OidcTestKey key, DateTimeOffset now, DateTimeOffset expires)
    {
        var account = CallerArn.Split(':') is { Length: >= 5 } parts ? parts[4] : DefaultAccount;
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["aud"] = audiences.Count == 1 ? JsonValue.Create(audiences[0]) : new JsonArray([.. audiences.Select(a => JsonValue.Create(a))]),
            ["sub"] = CallerArn,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["https://sts.amazonaws.com/"] = new JsonObject
            {
                ["aws_account"] = account,
                ["source_region"] = Region,
                ["principal_id"] = CallerArn,
            },
        };
        var awsClaims = (JsonObject)claims["https://sts.amazonaws.com/"]!;
        foreach (var (name, value) in SessionClaims)
        {
            awsClaims[name] = value;
        }

        var header = new JsonObject { ["alg"] = key == RsaKey ? "RS256" : "ES384", ["kid"] = key.KeyId, ["typ"] = "JWT" };
        return OidcTokenFactory.SignRaw(header.ToJsonString(), claims.ToJsonString(), key, (string?)header["alg"]);
    }
}
