using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bridge.Testing.Aws.Sts;

/// <summary>
/// <c>AssumeRoleWithWebIdentity</c> as IAM judges it: the role must trust the token's issuer; the signature must verify
/// against the provider's JWKS fetched over HTTP; <c>aud</c> must contain the role's client ID; the token may be at most
/// five minutes past <c>exp</c>; and <c>sub</c> must satisfy the role's trust condition, otherwise AccessDenied.
/// </summary>
public sealed partial class FakeStsServer
{
    private const int MinSessionSeconds = 900;
    private const int MaxWebIdentityTokenLength = 20_000;
    private static readonly TimeSpan ExpiryGrace = TimeSpan.FromMinutes(5);
    private static readonly string[] AcceptedAlgorithms = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"];
    private readonly ConcurrentDictionary<string, FakeWebIdentityRole> _roles = new(StringComparer.Ordinal);

    /// <summary>The sessions granted by <c>AssumeRoleWithWebIdentity</c>, in order.</summary>
    public ConcurrentQueue<FakeAssumedRole> AssumedRoles { get; } = new();

    /// <summary>Creates (or replaces) a role that <c>AssumeRoleWithWebIdentity</c> can assume.</summary>
    public void AddWebIdentityRole(FakeWebIdentityRole role)
    {
        ArgumentNullException.ThrowIfNull(role);
        _roles[role.RoleArn] = role;
    }

    [GeneratedRegex(@"^[\w+=,.@-]{2,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex RoleSessionNamePattern();

    private async Task<(HttpStatusCode Status, XElement Body)> AssumeRoleWithWebIdentityAsync(IFormCollection form)
    {
        var roleArn = form["RoleArn"].ToString();
        var sessionName = form["RoleSessionName"].ToString();
        var token = form["WebIdentityToken"].ToString();
        var durationText = form["DurationSeconds"].FirstOrDefault();
        var problems = new List<string>();
        if (roleArn.Length < 20)
        {
            problems.Add("Value at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20");
        }

        if (!RoleSessionNamePattern().IsMatch(sessionName))
        {
            problems.Add("Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }

        if (token.Length is < 4 or > MaxWebIdentityTokenLength)
        {
            problems.Add($"Value at 'webIdentityToken' failed to satisfy constraint: Member must have length less than or equal to {MaxWebIdentityTokenLength}");
        }

        var duration = 3600;
        if (durationText is not null
            && (!int.TryParse(durationText, NumberStyles.None, CultureInfo.InvariantCulture, out duration) || duration is < MinSessionSeconds or > 43_200))
        {
            problems.Add($"Value '{durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to {MinSessionSeconds}");
        }

        if (problems.Count > 0)
        {
            var message = $"{problems.Count} validation error{(problems.Count == 1 ? string.Empty : "s")} detected: " + string.Join("; ", problems);
            return (HttpStatusCode.BadRequest, Error("ValidationError", message));
        }

        if (!_roles.TryGetValue(roleArn, out var role))
        {
            return AccessDenied();
        }

        if (duration > role.MaxSessionDurationSeconds)
        {
            return (HttpStatusCode.BadRequest, Error(
                "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."));
        }

        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return (HttpStatusCode.BadRequest, Error("InvalidIdentityToken", "The web identity token that was passed could not be validated by AWS."));
        }

        if (!string.Equals(jwt.Issuer, role.Issuer, StringComparison.Ordinal))
        {
            return (HttpStatusCode.BadRequest, Error("InvalidIdentityToken", $"No OpenIDConnect provider found in your account for {jwt.Issuer}"));
        }

        if (!jwt.Audiences.Contains(role.Audience, StringComparer.Ordinal))
        {
            return (HttpStatusCode.BadRequest, Error("InvalidIdentityToken", "Incorrect token audience"));
        }

        if (jwt.ValidTo == DateTime.MinValue || TimeProvider.GetUtcNow() > new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero) + ExpiryGrace)
        {
            return (HttpStatusCode.BadRequest, Error("ExpiredTokenException", "Token is expired"));
        }

        JsonWebKeySet keys;
        try
        {
            keys = await FetchJwksAsync(role).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or ArgumentException or TaskCanceledException)
        {
            return (HttpStatusCode.BadRequest, Error("IDPCommunicationError", "Couldn't retrieve verification key from your identity provider."));
        }

        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = role.Issuer,
            ValidAudience = role.Audience,
            ValidAlgorithms = AcceptedAlgorithms,
            IssuerSigningKeys = keys.GetSigningKeys(),
            TryAllIssuerSigningKeys = false,
            ValidateLifetime = false,
        }).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            return (HttpStatusCode.BadRequest, Error("InvalidIdentityToken", "The web identity token that was passed could not be validated by AWS."));
        }

        // The trust policy's condition: StringEquals "<provider>:sub".
        if (!string.Equals(jwt.Subject, role.Subject, StringComparison.Ordinal))
        {
            return AccessDenied();
        }

        return GrantSession(role, sessionName, jwt, duration);
    }

    private async Task<JsonWebKeySet> FetchJwksAsync(FakeWebIdentityRole role)
    {
        using var http = role.JwksHandler is null ? new HttpClient() : new HttpClient(role.JwksHandler, disposeHandler: false);
        http.Timeout = TimeSpan.FromSeconds(10);
        return new JsonWebKeySet(await http.GetStringAsync(role.JwksUri).ConfigureAwait(false));
    }

    private (HttpStatusCode Status, XElement Body) GrantSession(FakeWebIdentityRole role, string sessionName, JsonWebToken jwt, int duration)
    {
        var expiration = TimeProvider.GetUtcNow().AddSeconds(duration);
        var accessKeyId = "ASIA" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        var account = role.RoleArn.Split(':') is { Length: >= 6 } parts ? parts[4] : DefaultAccount;
        var roleName = role.RoleArn[(role.RoleArn.LastIndexOf('/') + 1)..];
        AssumedRoles.Enqueue(new FakeAssumedRole(role.RoleArn, sessionName, jwt.Subject, accessKeyId, expiration));
        XElement Node(string name, object content) => new(XName.Get(name, Namespace), content);
        var body = Node(
            "AssumeRoleWithWebIdentityResponse",
            new object[]
            {
                Node("AssumeRoleWithWebIdentityResult", new object[]
                {
                    Node("Credentials", new object[]
                    {
                        Node("AccessKeyId", accessKeyId),
                        Node("SecretAccessKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(30))),
                        Node("SessionToken", Convert.ToBase64String(RandomNumberGenerator.GetBytes(96))),
                        Node("Expiration", expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
                    }),
                    Node("SubjectFromWebIdentityToken", jwt.Subject),
                    Node("AssumedRoleUser", new object[]
                    {
                        Node("Arn", $"arn:aws:sts::{account}:assumed-role/{roleName}/{sessionName}"),
                        Node("AssumedRoleId", $"AROA{RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 17)}:{sessionName}"),
                    }),
                    Node("Provider", role.Issuer),
                    Node("Audience", role.Audience),
                }),
                Node("ResponseMetadata", Node("RequestId", Guid.NewGuid().ToString())),
            });
        return (HttpStatusCode.OK, body);
    }

    private static (HttpStatusCode Status, XElement Body) AccessDenied() =>
        (HttpStatusCode.Forbidden, Error("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity"));
}
