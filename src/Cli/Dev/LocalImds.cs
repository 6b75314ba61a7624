using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.Cli.Dev;

/// <summary>
/// A loopback stand-in for the EC2 instance metadata service (IMDSv2) of one demo instance: the session token, then the
/// instance identity document and its <c>rsa2048</c> PKCS#7 signature, made as AWS makes them (SHA-256 with RSA-2048,
/// the document attached as id-data) with a throwaway Region key. The demo hands <see cref="Certificate"/> to its own
/// in-process exchange through code (<c>AwsIidCertificateTable</c>); no setting can make a deployed service trust it.
/// Development only: it listens on 127.0.0.1 and its key lives in memory for the life of the process.
/// </summary>
internal sealed class LocalImds : IAsyncDisposable
{
    public const string Region = "us-east-1";
    public const string InstanceId = "i-0de0000000000b1d9";
    private const string TokenHeader = "X-aws-ec2-metadata-token";

    private readonly WebApplication _app;
    private readonly RSA _key;
    private readonly X509Certificate2 _signer;

    private LocalImds(WebApplication app, RSA key, X509Certificate2 signer, string endpoint)
    {
        _app = app;
        _key = key;
        _signer = signer;
        Endpoint = endpoint;
        Certificate = X509CertificateLoader.LoadCertificate(signer.RawData);
    }

    /// <summary>The base URL the agent is pointed at (<c>BridgeAgent:NodeAttestor:ImdsEndpoint</c>).</summary>
    public string Endpoint { get; }

    /// <summary>The demo Region's public certificate: the one the demo exchange trusts for <see cref="Region"/>.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Starts the stand-in on a free loopback port for an instance of <paramref name="account"/> launched a minute ago.</summary>
    public static async Task<LocalImds> StartAsync(string account, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var key = RSA.Create(2048);
        var signer = CreateSigner(key, now);
        var document = Document(account, now.AddMinutes(-1));
        var rsa2048 = Sign(document, signer);

        // One session token for the life of the stand-in: IMDSv2 requires one, its value is not a secret here.
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPut("/latest/api/token", (HttpContext context) =>
            context.Request.Headers.ContainsKey("X-aws-ec2-metadata-token-ttl-seconds") ? Results.Text(token) : Results.StatusCode(StatusCodes.Status400BadRequest));
        app.MapGet("/latest/dynamic/instance-identity/document", (HttpContext context) => WithToken(context, token, document));
        app.MapGet("/latest/dynamic/instance-identity/rsa2048", (HttpContext context) => WithToken(context, token, rsa2048));
        app.MapGet("/latest/meta-data/placement/region", (HttpContext context) => WithToken(context, token, Region));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            signer.Dispose();
            key.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LocalImds(app, key, signer, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        Certificate.Dispose();
        _signer.Dispose();
        _key.Dispose();
    }

    // IMDSv2 with HttpTokens=required: a GET without a valid session token is 401.
    private static IResult WithToken(HttpContext context, string token, string body) =>
        context.Request.Headers[TokenHeader] == token ? Results.Text(body) : Results.StatusCode(StatusCodes.Status401Unauthorized);

    private static string Document(string account, DateTimeOffset pendingTime) => new JsonObject
    {
        ["accountId"] = account,
        ["architecture"] = "x86_64",
        ["availabilityZone"] = Region + "a",
        ["imageId"] = "ami-0de00000000000000",
        ["instanceId"] = InstanceId,
        ["instanceType"] = "t3.micro",
        ["pendingTime"] = pendingTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        ["privateIp"] = "10.0.0.10",
        ["region"] = Region,
        ["version"] = "2017-09-30",
    }.ToJsonString();

    // As IMDS serves rsa2048: base64 of the DER SignedData in 64-character lines, no certificates in the message.
    private static string Sign(string document, X509Certificate2 signer)
    {
        var cms = new SignedCms(new ContentInfo(Encoding.UTF8.GetBytes(document)), detached: false);
        cms.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signer)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = X509IncludeOption.None,
        });
        return string.Join('\n', Convert.ToBase64String(cms.Encode()).Chunk(64).Select(c => new string(c)));
    }

    private static X509Certificate2 CreateSigner(RSA key, DateTimeOffset now)
    {
        var name = new X500DistinguishedName("C=US, O=Bridge demo, CN=Demo instance identity signer " + Region);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }
}
