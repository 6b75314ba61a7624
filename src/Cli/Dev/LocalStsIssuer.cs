using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.Cli.Dev;

/// <summary>
/// A loopback stand-in for AWS STS's outbound identity issuer (GetWebIdentityToken): OIDC discovery, a JWKS, and
/// RS256 tokens with the claims STS puts in them (AWS claims under <c>https://sts.amazonaws.com/</c>). The demo, the
/// load and cold-start tools and <c>bridge dev issuer</c> all run this one class; the service never contains an issuer
/// of evidence. Development only: it listens on 127.0.0.1, its key lives in memory for the life of the process, and
/// anything on this machine that reaches the port can mint tokens (<c>POST /mint</c>, see <see cref="LocalStsMintEndpoint"/>).
/// </summary>
internal sealed class LocalStsIssuer : IAsyncDisposable
{
    private const string AwsClaimsNamespace = "https://sts.amazonaws.com/";
    private const string Region = "us-east-1";

    private readonly WebApplication _app;
    private readonly RSA _key;
    private readonly string _keyId;
    private readonly TimeProvider _time;

    private LocalStsIssuer(WebApplication app, RSA key, string keyId, string issuer, TimeProvider time)
    {
        _app = app;
        _key = key;
        _keyId = keyId;
        Issuer = issuer;
        _time = time;
    }

    /// <summary>The issuer URL (<c>http://127.0.0.1:port</c>).</summary>
    public string Issuer { get; }

    /// <summary>Starts the issuer on a free loopback port, with the demo's mint defaults.</summary>
    public static Task<LocalStsIssuer> StartAsync(TimeProvider time, CancellationToken cancellationToken) =>
        StartAsync(time, port: 0, new LocalStsMintEndpoint.Defaults(LocalStsIssuerSettings.DemoAccount, LocalStsIssuerSettings.DefaultAudience), onMint: null, cancellationToken);

    /// <summary>
    /// Starts the issuer on 127.0.0.1:<paramref name="port"/> (0: a free port). Each token minted through
    /// <c>POST /mint</c> is reported to <paramref name="onMint"/> (never the token itself).
    /// </summary>
    public static async Task<LocalStsIssuer> StartAsync(
        TimeProvider time, int port, LocalStsMintEndpoint.Defaults mintDefaults, Action<LocalStsMintEndpoint.Minted>? onMint, CancellationToken cancellationToken)
    {
        var key = RSA.Create(2048);
        var keyId = Base64Url(RandomNumberGenerator.GetBytes(12));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();

        // The issuer URL is known once Kestrel has bound the port; a request in that instant is told to come back.
        LocalStsIssuer? issuer = null;
        var starting = Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/.well-known/openid-configuration", () => issuer is null ? starting : Results.Text(DiscoveryJson(issuer.Issuer), "application/json"));
        app.MapGet("/.well-known/jwks.json", () => Results.Text(JwksJson(key, keyId), "application/json"));
        app.MapPost(LocalStsMintEndpoint.Path, (Delegate)((HttpContext context) =>
            issuer is null ? Task.FromResult(starting) : LocalStsMintEndpoint.HandleAsync(context, issuer, mintDefaults, onMint)));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            key.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        issuer = new LocalStsIssuer(app, key, keyId, address.TrimEnd('/'), time);
        return issuer;
    }

    /// <summary>Mints a token as STS GetWebIdentityToken would for the IAM role <paramref name="roleName"/>.</summary>
    public string MintRoleToken(string account, string roleName, string audience, TimeSpan lifetime) =>
        MintRoleToken(account, roleName, audience, lifetime, out _);

    /// <inheritdoc cref="MintRoleToken(string, string, string, TimeSpan)"/>
    public string MintRoleToken(string account, string roleName, string audience, TimeSpan lifetime, out DateTimeOffset expiresAt)
    {
        // The claims of AWS's sample token, in its order: no nbf, integer NumericDates, AWS claims in one namespace.
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        expiresAt = DateTimeOffset.FromUnixTimeSeconds(now + (long)lifetime.TotalSeconds);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("iss", Issuer);
            json.WriteString("aud", audience);
            json.WriteString("sub", RoleArn(account, roleName));
            json.WriteNumber("iat", now);
            json.WriteNumber("exp", expiresAt.ToUnixTimeSeconds());
            json.WriteString("jti", Guid.NewGuid().ToString());
            json.WriteStartObject(AwsClaimsNamespace);
            json.WriteString("aws_account", account);
            json.WriteString("source_region", Region);
            json.WriteStartObject("principal_tags");
            json.WriteString("team", roleName);
            json.WriteEndObject();
            json.WriteString("lambda_source_function_arn", $"arn:aws:lambda:{Region}:{account}:function:{roleName}-handler");

            // Caller-chosen tags: Bridge must never turn these into selectors.
            json.WriteStartObject("request_tags");
            json.WriteString("team", "admin");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        var header = Base64Url(Encoding.UTF8.GetBytes($"{{\"alg\":\"RS256\",\"kid\":\"{_keyId}\",\"typ\":\"JWT\"}}"));
        var signingInput = header + "." + Base64Url(buffer.WrittenSpan);
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    /// <summary>The <c>sub</c> of a role's tokens: the role ARN, as STS writes it.</summary>
    public static string RoleArn(string account, string roleName) => $"arn:aws:iam::{account}:role/{roleName}";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _key.Dispose();
    }

    private static string DiscoveryJson(string issuer) => Write(json =>
    {
        json.WriteString("issuer", issuer);
        json.WriteString("jwks_uri", issuer + "/.well-known/jwks.json");
        json.WriteStartArray("id_token_signing_alg_values_supported");
        json.WriteStringValue("RS256");
        json.WriteEndArray();
        json.WriteStartArray("response_types_supported");
        json.WriteStringValue("id_token");
        json.WriteEndArray();
        json.WriteStartArray("subject_types_supported");
        json.WriteStringValue("public");
        json.WriteEndArray();
    });

    private static string JwksJson(RSA key, string keyId) => Write(json =>
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        json.WriteStartArray("keys");
        json.WriteStartObject();
        json.WriteString("kty", "RSA");
        json.WriteString("use", "sig");
        json.WriteString("alg", "RS256");
        json.WriteString("kid", keyId);
        json.WriteString("n", Base64Url(parameters.Modulus!));
        json.WriteString("e", Base64Url(parameters.Exponent!));
        json.WriteEndObject();
        json.WriteEndArray();
    });

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Base64Url(ReadOnlySpan<byte> data) => System.Buffers.Text.Base64Url.EncodeToString(data);
}
