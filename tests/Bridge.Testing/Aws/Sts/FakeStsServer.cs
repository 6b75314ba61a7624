using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Bridge.Testing.Oidc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.Testing.Aws.Sts;

/// <summary>
/// A local regional STS endpoint on 127.0.0.1 speaking the STS Query protocol (form-encoded <c>Action=…&amp;Version=2011-06-15</c>,
/// XML answers) for <c>GetWebIdentityToken</c>, so the real AWS SDK client is exercised on the wire. It validates the
/// inputs as STS does (1–10 audiences of 1–1000 characters, RS256 or ES384, 60–3600 seconds), mints real JWTs shaped
/// like STS's with its own keys and publishes them as OIDC discovery + JWKS on the same server (the issuer is the
/// server's base address unless the test names another). SigV4 is not checked, only its presence recorded. It also
/// answers <c>AssumeRoleWithWebIdentity</c> for roles added with <see cref="AddWebIdentityRole"/> and <c>AssumeRole</c>
/// for roles allowed with <see cref="AllowAssumeRole"/>.
/// </summary>
public sealed partial class FakeStsServer : IAsyncDisposable
{
    /// <summary>The account of the default caller.</summary>
    public const string DefaultAccount = "123456789012";

    private const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";
    private readonly Lock _lock = new();
    private readonly ConcurrentQueue<FakeStsCall> _calls = new();
    private readonly List<(string Code, HttpStatusCode Status, int Remaining)> _faults = [];
    private readonly WebApplication _app;
    private readonly OidcTestKey[] _ownedKeys;

    private FakeStsServer(WebApplication app, Uri serviceUrl, string region, string issuer, OidcTestKey rsaKey, OidcTestKey ecKey, OidcTestKey[] ownedKeys, TimeProvider timeProvider)
    {
        _app = app;
        ServiceUrl = serviceUrl;
        Region = region;
        Issuer = issuer;
        RsaKey = rsaKey;
        EcKey = ecKey;
        _ownedKeys = ownedKeys;
        TimeProvider = timeProvider;
    }

    /// <summary>The endpoint to give the SDK as <c>ServiceURL</c> (also the default issuer).</summary>
    public Uri ServiceUrl { get; }

    /// <summary>The Region in <c>source_region</c>.</summary>
    public string Region { get; }

    /// <summary>The <c>iss</c> of minted tokens.</summary>
    public string Issuer { get; }

    /// <summary>The RS256 signing key.</summary>
    public OidcTestKey RsaKey { get; }

    /// <summary>The ES384 signing key.</summary>
    public OidcTestKey EcKey { get; }

    /// <summary>The clock for <c>iat</c>, <c>exp</c> and <c>Expiration</c>.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The ARN of the IAM principal calling (the token's <c>sub</c>); default a role in <see cref="DefaultAccount"/>.</summary>
    public string CallerArn { get; set; } = $"arn:aws:iam::{DefaultAccount}:role/DataProcessingRole";

    /// <summary>
    /// Session-context claims added under <c>https://sts.amazonaws.com/</c> to every minted token, as STS adds them for
    /// the caller's credentials (e.g. <c>ec2_source_instance_arn</c> for EC2 instance role credentials).
    /// </summary>
    public ConcurrentDictionary<string, string> SessionClaims { get; } = new(StringComparer.Ordinal);

    /// <summary>Every call received, in order (refused ones included).</summary>
    public IReadOnlyCollection<FakeStsCall> Calls => _calls;

    /// <summary>The tokens issued, in order.</summary>
    public ConcurrentQueue<string> IssuedTokens { get; } = new();

    /// <summary>
    /// Starts a server on a free loopback port. With <paramref name="issuer"/> and <paramref name="rsaKey"/> the tokens
    /// come from that issuer (for example one a Bridge under test already trusts); otherwise from the server itself.
    /// </summary>
    public static async Task<FakeStsServer> StartAsync(
        string region = "eu-west-1",
        string? issuer = null,
        OidcTestKey? rsaKey = null,
        OidcTestKey? ecKey = null,
        TimeProvider? timeProvider = null)
    {
        var app = LoopbackWebApplication.CreateBuilder().Build();
        FakeStsServer? server = null;
        // The pipeline is fixed at start, before the address (and so the server object) exists; no request comes earlier.
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync().ConfigureAwait(false);
        var address = LoopbackWebApplication.BaseAddress(app);
        var ownedKeys = new List<OidcTestKey>();
        if (rsaKey is null)
        {
            rsaKey = OidcTestKey.CreateRsa("sts-rs256-1");
            ownedKeys.Add(rsaKey);
        }

        if (ecKey is null)
        {
            ecKey = OidcTestKey.CreateEc("sts-es384-1", "ES384");
            ownedKeys.Add(ecKey);
        }

        server = new FakeStsServer(
            app,
            address,
            region,
            issuer ?? address.GetLeftPart(UriPartial.Authority),
            rsaKey,
            ecKey,
            [.. ownedKeys],
            timeProvider ?? TimeProvider.System);
        return server;
    }

    /// <summary>Answers the next <paramref name="count"/> calls with the STS error <paramref name="code"/>.</summary>
    public void FailNext(int count, string code = "OutboundWebIdentityFederationDisabledException", HttpStatusCode status = HttpStatusCode.Forbidden)
    {
        lock (_lock)
        {
            _faults.Add((code, status, count));
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        foreach (var key in _ownedKeys)
        {
            key.Dispose();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (HttpMethods.IsGet(context.Request.Method) && path.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal))
        {
            await WriteJsonAsync(context, Discovery()).ConfigureAwait(false);
            return;
        }

        if (HttpMethods.IsGet(context.Request.Method) && path.EndsWith("/.well-known/jwks.json", StringComparison.Ordinal))
        {
            await WriteJsonAsync(context, new JsonObject { ["keys"] = new JsonArray(RsaKey.ToJwk(), EcKey.ToJwk()) }).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.HasFormContentType)
        {
            await WriteXmlAsync(context, HttpStatusCode.BadRequest, Error("InvalidAction", "Not an STS Query request.")).ConfigureAwait(false);
            return;
        }

        var form = await context.Request.ReadFormAsync().ConfigureAwait(false);
        var audiences = form.Keys
            .Where(k => k.StartsWith("Audience.member.", StringComparison.Ordinal))
            .OrderBy(k => int.TryParse(k["Audience.member.".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue)
            .Select(k => form[k].ToString())
            .ToList();
        var call = new FakeStsCall(
            form["Action"].FirstOrDefault(),
            form["Version"].FirstOrDefault(),
            audiences,
            form["SigningAlgorithm"].FirstOrDefault(),
            form["DurationSeconds"].FirstOrDefault(),
            context.Request.Headers.Authorization.ToString().StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal));
        _calls.Enqueue(call);
        var (status, body) = Dispatch(call)
            ?? (call.Action == "AssumeRole" ? AssumeRole(form) : await AssumeRoleWithWebIdentityAsync(form).ConfigureAwait(false));
        await WriteXmlAsync(context, status, body).ConfigureAwait(false);
    }

    /// <summary>The answer to <paramref name="call"/>, or null for <c>AssumeRole</c> and <c>AssumeRoleWithWebIdentity</c>, which read the form.</summary>
    private (HttpStatusCode Status, XElement Body)? Dispatch(FakeStsCall call)
    {
        lock (_lock)
        {
            var fault = _faults.FindIndex(f => f.Remaining > 0);
            if (fault >= 0)
            {
                var (code, status, remaining) = _faults[fault];
                _faults[fault] = (code, status, remaining - 1);
                return (status, Error(code, "Injected fault.", "Sender"));
            }
        }

        if (call.Version != "2011-06-15")
        {
            return (HttpStatusCode.BadRequest, Error("InvalidAction", "Could not find operation for this version."));
        }

        return call.Action switch
        {
            "GetWebIdentityToken" => GetWebIdentityToken(call),
            "AssumeRoleWithWebIdentity" or "AssumeRole" => null,
            _ => (HttpStatusCode.BadRequest, Error("InvalidAction", $"Could not find operation {call.Action} for version 2011-06-15")),
        };
    }

    private JsonObject Discovery() => new()
    {
        ["issuer"] = Issuer,
        ["jwks_uri"] = Issuer.TrimEnd('/') + "/.well-known/jwks.json",
        ["response_types_supported"] = new JsonArray("id_token"),
        ["subject_types_supported"] = new JsonArray("public"),
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256", "ES384"),
    };

    private static XElement Error(string code, string message, string type = "Sender") =>
        new(
            XName.Get("ErrorResponse", Namespace),
            new XElement(
                XName.Get("Error", Namespace),
                new XElement(XName.Get("Type", Namespace), type),
                new XElement(XName.Get("Code", Namespace), code),
                new XElement(XName.Get("Message", Namespace), message)),
            new XElement(XName.Get("RequestId", Namespace), Guid.NewGuid().ToString()));

    private static async Task WriteXmlAsync(HttpContext context, HttpStatusCode status, XElement body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "text/xml";
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        var bytes = Encoding.UTF8.GetBytes(body.ToString(SaveOptions.DisableFormatting));
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }

    private static async Task WriteJsonAsync(HttpContext context, JsonObject body)
    {
        context.Response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }
}
