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

namespace Bridge.Cli.Demo;

/// <summary>
/// A loopback stand-in for AWS STS's outbound identity issuer (GetWebIdentityToken): OIDC discovery, a JWKS, and
/// RS256 tokens shaped like STS's, with AWS claims under <c>https://sts.amazonaws.com/</c>. It exists for the demo
/// only; the service never contains an issuer of evidence.
/// </summary>
internal sealed class LocalStsIssuer : IAsyncDisposable
{
    private const string AwsClaimsNamespace = "https://sts.amazonaws.com/";

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

    /// <summary>Starts the issuer on a free loopback port.</summary>
    public static async Task<LocalStsIssuer> StartAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        var key = RSA.Create(2048);
        var keyId = Base64Url(RandomNumberGenerator.GetBytes(12));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();

        var issuerHolder = new string[1];
        app.MapGet("/.well-known/openid-configuration", () => Results.Text(DiscoveryJson(issuerHolder[0]), "application/json"));
        app.MapGet("/.well-known/jwks.json", () => Results.Text(JwksJson(key, keyId), "application/json"));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        issuerHolder[0] = address.TrimEnd('/');
        return new LocalStsIssuer(app, key, keyId, issuerHolder[0], time);
    }

    /// <summary>Mints a token as STS GetWebIdentityToken would for the IAM role <paramref name="roleName"/>.</summary>
    public string MintRoleToken(string account, string roleName, string audience, TimeSpan lifetime)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("iss", Issuer);
            json.WriteString("sub", $"arn:aws:iam::{account}:role/{roleName}");
            json.WriteString("aud", audience);
            json.WriteNumber("iat", now);
            json.WriteNumber("nbf", now);
            json.WriteNumber("exp", now + (long)lifetime.TotalSeconds);
            json.WriteString("jti", Guid.NewGuid().ToString());
            json.WriteStartObject(AwsClaimsNamespace);
            json.WriteString("aws_account", account);
            json.WriteString("source_region", "us-east-1");
            json.WriteString("lambda_source_function_arn", $"arn:aws:lambda:us-east-1:{account}:function:{roleName}-handler");
            json.WriteStartObject("principal_tags");
            json.WriteString("team", roleName);
            json.WriteEndObject();

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
