using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bridge.Testing.Aws.Ec2;

/// <summary>
/// An IMDSv2 stand-in on 127.0.0.1 with <c>HttpTokens=required</c>: <c>PUT /latest/api/token</c> with
/// <c>X-aws-ec2-metadata-token-ttl-seconds</c> (1–21600) issues a session token; every <c>GET</c> needs a live token in
/// <c>X-aws-ec2-metadata-token</c> (401 without). It serves the instance identity document of <see cref="Document"/>
/// as <c>document</c> and as <c>rsa2048</c> signed by the test IID authority exactly as IMDS serves it, plus
/// <c>placement/region</c> and <c>instance-id</c>. Faults: <see cref="FailWith"/> answers every call with a status,
/// <see cref="Rsa2048Override"/> replaces the signature (garbage, a forgery).
/// </summary>
public sealed class FakeImdsServer : IAsyncDisposable
{
    public const string TokenTtlHeader = "X-aws-ec2-metadata-token-ttl-seconds";
    public const string TokenHeader = "X-aws-ec2-metadata-token";

    private readonly WebApplication _app;
    private readonly TestIidAuthority _authority;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _requests = new();

    private FakeImdsServer(WebApplication app, TestIidAuthority authority, TestIidDocument document, TimeProvider time)
    {
        _app = app;
        _authority = authority;
        Document = document;
        Time = time;
    }

    /// <summary>The base URL to give the agent as its IMDS endpoint.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The instance's document; replace it to play a stop/start (a later <c>pendingTime</c>).</summary>
    public TestIidDocument Document { get; set; }

    /// <summary>The clock the session tokens expire by.</summary>
    public TimeProvider Time { get; }

    /// <summary>When set, every call is answered with this status and no body.</summary>
    public HttpStatusCode? FailWith { get; set; }

    /// <summary>When set, served as <c>rsa2048</c> instead of the genuine signature.</summary>
    public string? Rsa2048Override { get; set; }

    /// <summary>Every request as <c>"METHOD /path status"</c>, in order.</summary>
    public IReadOnlyCollection<string> Requests => _requests;

    /// <summary>Starts a server for <paramref name="authority"/>'s documents (default: <see cref="TestIidDocument"/>'s defaults).</summary>
    public static async Task<FakeImdsServer> StartAsync(TestIidAuthority authority, TestIidDocument? document = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(authority);
        var app = LoopbackWebApplication.CreateBuilder().Build();
        var server = new FakeImdsServer(app, authority, document ?? new TestIidDocument(), timeProvider ?? TimeProvider.System);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        server.BaseAddress = LoopbackWebApplication.BaseAddress(app);
        return server;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var (status, body) = Answer(context.Request);
        _requests.Enqueue($"{context.Request.Method} {context.Request.Path} {(int)status}");
        context.Response.StatusCode = (int)status;
        if (body is not null)
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(body).ConfigureAwait(false);
        }
    }

    private (HttpStatusCode Status, string? Body) Answer(HttpRequest request)
    {
        if (FailWith is { } fault)
        {
            return (fault, null);
        }

        var path = request.Path.Value ?? "/";
        if (path == "/latest/api/token")
        {
            if (!HttpMethods.IsPut(request.Method))
            {
                return (HttpStatusCode.MethodNotAllowed, null);
            }

            // IMDS refuses a missing or out-of-range TTL, and any request forwarded by a proxy.
            if (request.Headers.ContainsKey("X-Forwarded-For")
                || !int.TryParse(request.Headers[TokenTtlHeader].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var ttl)
                || ttl is < 1 or > 21600)
            {
                return (HttpStatusCode.BadRequest, null);
            }

            var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(42));
            _tokens[token] = Time.GetUtcNow().AddSeconds(ttl);
            return (HttpStatusCode.OK, token);
        }

        if (!HttpMethods.IsGet(request.Method))
        {
            return (HttpStatusCode.MethodNotAllowed, null);
        }

        // HttpTokens=required: no IMDSv1.
        if (!_tokens.TryGetValue(request.Headers[TokenHeader].ToString(), out var expires) || expires <= Time.GetUtcNow())
        {
            return (HttpStatusCode.Unauthorized, null);
        }

        var document = Document;
        return path switch
        {
            "/latest/dynamic/instance-identity/rsa2048" => (HttpStatusCode.OK, Rsa2048Override ?? _authority.Sign(document)),
            "/latest/dynamic/instance-identity/document" => (HttpStatusCode.OK, document.ToJson()),
            "/latest/meta-data/placement/region" => (HttpStatusCode.OK, document.Region),
            "/latest/meta-data/instance-id" => (HttpStatusCode.OK, document.InstanceId),
            _ => (HttpStatusCode.NotFound, null),
        };
    }
}
