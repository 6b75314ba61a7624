using System.Collections.Concurrent;
using Bridge.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bridge.Agent.Tests.TestSupport;

/// <summary>
/// A loopback reverse proxy in front of the exchange that passes calls through unchanged until a test sets a
/// <see cref="Fault"/> for a path: then it answers that path itself (503 with <c>Retry-After</c>, a 200 of garbage, ...).
/// The agent under test points its <c>ServerUrl</c> here.
/// </summary>
public sealed class FaultingProxy : IAsyncDisposable
{
    private static readonly string[] ForwardedResponseHeaders = ["ETag", "Retry-After", "WWW-Authenticate", "Cache-Control"];
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly ConcurrentDictionary<string, Fault> _faults = new(StringComparer.Ordinal);

    private FaultingProxy(WebApplication app, HttpClient upstream)
    {
        _app = app;
        _upstream = upstream;
    }

    /// <summary>The proxy's base URL.</summary>
    public string BaseAddress { get; private set; } = null!;

    /// <summary>How many calls were answered by a fault.</summary>
    public int FaultsServed => _faultsServed;

    private int _faultsServed;

    public static async Task<FaultingProxy> StartAsync(string upstream)
    {
        var app = LoopbackWebApplication.CreateBuilder().Build();
        var proxy = new FaultingProxy(app, new HttpClient { BaseAddress = new Uri(upstream) });
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        proxy.BaseAddress = LoopbackWebApplication.BaseAddress(app).ToString().TrimEnd('/');
        return proxy;
    }

    /// <summary>Answers calls to <paramref name="path"/> with <paramref name="fault"/> until <see cref="Clear"/>.</summary>
    public void Set(string path, Fault fault) => _faults[path] = fault;

    public void Clear() => _faults.Clear();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (_faults.TryGetValue(path, out var fault))
        {
            Interlocked.Increment(ref _faultsServed);
            context.Response.StatusCode = fault.Status;
            if (fault.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (fault.Body is not null)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(fault.Body);
            }

            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), path + context.Request.QueryString);
        var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        if (body.Length > 0 || context.Request.ContentType is not null)
        {
            request.Content = new ByteArrayContent(body.ToArray());
            if (context.Request.ContentType is { } contentType)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        foreach (var header in new[] { "Authorization", "If-None-Match" })
        {
            if (context.Request.Headers.TryGetValue(header, out var value))
            {
                request.Headers.TryAddWithoutValidation(header, value.ToString());
            }
        }

        using var response = await _upstream.SendAsync(request);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in ForwardedResponseHeaders)
        {
            if (response.Headers.TryGetValues(header, out var values))
            {
                context.Response.Headers[header] = values.ToArray();
            }
        }

        if (response.Content.Headers.ContentType is { } type)
        {
            context.Response.ContentType = type.ToString();
        }

        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (bytes.Length > 0)
        {
            await context.Response.Body.WriteAsync(bytes);
        }
    }

    /// <summary>What the proxy answers instead of the exchange.</summary>
    /// <param name="Status">The HTTP status.</param>
    /// <param name="Body">The body (JSON content type), or none.</param>
    /// <param name="RetryAfterSeconds">A <c>Retry-After</c> header, or none.</param>
    public sealed record Fault(int Status, string? Body = null, int? RetryAfterSeconds = null);
}
