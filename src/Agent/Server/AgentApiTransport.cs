using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Bridge.Agent.Hosting;
using Bridge.Agent.Node;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Server;

/// <summary>
/// HTTP to the exchange's agent API: the URL under <c>BridgeAgent:ServerUrl</c> (a base path such as an API Gateway stage
/// is kept), the <c>BridgeAgent</c> assertion, the timeout, bounded reads, and the mapping of every failure to an
/// <see cref="AgentServerException"/>: 401 Unauthenticated; 400, 403, 413 and other 4xx Refused (with the OAuth
/// <c>error</c>); 429, 5xx, timeouts and connection errors Unavailable (with <c>Retry-After</c>).
/// </summary>
internal sealed class AgentApiTransport
{
    /// <summary>The named HTTP client for the exchange.</summary>
    public const string HttpClientName = "bridge-agent-server";

    private const int MaxErrorBytes = 16 * 1024;
    private const int MaxDiscoveryBytes = 64 * 1024;
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(10);

    private readonly IHttpClientFactory _httpClients;
    private readonly IOptions<AgentOptions> _agent;
    private readonly IOptions<NodeAttestorOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentApiTransport> _logger;
    private readonly SemaphoreSlim _issuerLock = new(1, 1);
    private string? _issuer;

    public AgentApiTransport(
        IHttpClientFactory httpClients, IOptions<AgentOptions> agent, IOptions<NodeAttestorOptions> options, TimeProvider time, ILogger<AgentApiTransport> logger)
    {
        _httpClients = httpClients;
        _agent = agent;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Sends one call. With <paramref name="credentials"/> it carries a fresh assertion bound to the method and path.
    /// Returns 2xx and 304 answers; throws for everything else.
    /// </summary>
    public async Task<AgentApiAnswer> SendAsync(
        HttpMethod method, string path, byte[]? jsonBody, AgentCredentials? credentials, string? ifNoneMatch, int maxResponseBytes, CancellationToken cancellationToken)
    {
        var audience = credentials is null ? null : await GetIssuerAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(method, Url(path));
        if (jsonBody is not null)
        {
            request.Content = new ByteArrayContent(jsonBody);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        if (credentials is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(
                AgentAssertion.Scheme, AgentAssertion.Create(credentials, audience!, method.Method, path, _time.GetUtcNow()));
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", '"' + ifNoneMatch + '"');
        }

        var (status, body, headers) = await ExchangeAsync(request, maxResponseBytes, cancellationToken).ConfigureAwait(false);
        NodeAttestationLog.Call(_logger, method.Method, path, status);
        if (status is >= 200 and < 300 || status == (int)HttpStatusCode.NotModified)
        {
            if (body is null)
            {
                throw Fail(method, path, AgentServerFailure.InvalidResponse, status, "an answer larger than the agent accepts");
            }

            return new AgentApiAnswer(status, body, headers.ETag?.Tag is { } tag ? tag.Trim('"') : null);
        }

        var error = body is null ? null : ErrorCode(body);
        var retryAfter = RetryAfter(headers);
        throw status switch
        {
            401 => Fail(method, path, AgentServerFailure.Unauthenticated, status, "the agent's credentials were not accepted", error),
            429 or >= 500 => Fail(method, path, AgentServerFailure.Unavailable, status, "the exchange is unavailable", error, retryAfter),
            >= 400 => Fail(method, path, AgentServerFailure.Refused, status, "the exchange refused the request", error),
            _ => Fail(method, path, AgentServerFailure.InvalidResponse, status, "an unexpected status", error),
        };
    }

    /// <summary>
    /// The exchange's issuer, the assertions' <c>aud</c>: <c>BridgeAgent:NodeAttestor:ServerIssuer</c>, or read once from
    /// the exchange's discovery document (kept after the first success).
    /// </summary>
    public async Task<string> GetIssuerAsync(CancellationToken cancellationToken)
    {
        if (_options.Value.ServerIssuer is { } configured)
        {
            return configured;
        }

        if (_issuer is { } known)
        {
            return known;
        }

        await _issuerLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_issuer is null)
            {
                const string Path = "/.well-known/openid-configuration";
                using var request = new HttpRequestMessage(HttpMethod.Get, Url(Path));
                var (status, body, _) = await ExchangeAsync(request, MaxDiscoveryBytes, cancellationToken).ConfigureAwait(false);
                if (status != 200)
                {
                    throw Fail(HttpMethod.Get, Path, status is 429 or >= 500 ? AgentServerFailure.Unavailable : AgentServerFailure.InvalidResponse, status, "no discovery document");
                }

                var document = body is null ? null : AgentApiJson.TryDeserialize(body, AgentApiJsonContext.Default.OpenIdConfiguration);
                if (document is null || !Uri.TryCreate(document.Issuer, UriKind.Absolute, out var issuer)
                    || (issuer.Scheme != Uri.UriSchemeHttps && issuer.Scheme != Uri.UriSchemeHttp))
                {
                    throw Fail(HttpMethod.Get, Path, AgentServerFailure.InvalidResponse, status, "a discovery document without an issuer URL");
                }

                _issuer = document.Issuer;
                NodeAttestationLog.IssuerDiscovered(_logger, _issuer);
            }

            return _issuer;
        }
        finally
        {
            _issuerLock.Release();
        }
    }

    private Uri Url(string path)
    {
        var server = _agent.Value.ServerUrl ?? throw new InvalidOperationException("BridgeAgent:ServerUrl is not set.");
        return new Uri(server.GetLeftPart(UriPartial.Authority) + server.AbsolutePath.TrimEnd('/') + path);
    }

    private async Task<(int Status, byte[]? Body, HttpResponseHeaders Headers)> ExchangeAsync(HttpRequestMessage request, int maxBytes, CancellationToken cancellationToken)
    {
        var http = _httpClients.CreateClient(HttpClientName);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Value.RequestTimeout);
        var path = request.RequestUri!.AbsolutePath;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var limit = status is >= 200 and < 300 ? maxBytes : MaxErrorBytes;
            var body = await BoundedContent.ReadAsync(response.Content, limit, timeout.Token).ConfigureAwait(false);
            return (status, body, response.Headers);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Fail(request.Method, path, AgentServerFailure.Unavailable, null, "no answer within " + _options.Value.RequestTimeout, inner: ex);
        }
        catch (HttpRequestException ex)
        {
            throw Fail(request.Method, path, AgentServerFailure.Unavailable, null, "the exchange is unreachable: " + ex.HttpRequestError, inner: ex);
        }
        catch (IOException ex)
        {
            throw Fail(request.Method, path, AgentServerFailure.Unavailable, null, "the connection failed", inner: ex);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseHeaders headers)
    {
        var value = headers.RetryAfter;
        var delay = value?.Delta ?? (value?.Date is { } date ? date - _time.GetUtcNow() : null);
        return delay is null ? null : TimeSpan.FromTicks(Math.Clamp(delay.Value.Ticks, 0, MaxRetryAfter.Ticks));
    }

    private static string? ErrorCode(byte[] body)
    {
        var error = AgentApiJson.TryDeserialize(body, AgentApiJsonContext.Default.OAuthErrorResponse)?.Error;

        // Only a code in OAuth's character set is carried on (it may reach logs).
        return error is { Length: > 0 and <= 64 } && error.All(c => c is '_' or (>= 'a' and <= 'z')) ? error : null;
    }

    private AgentServerException Fail(
        HttpMethod method, string path, AgentServerFailure failure, int? status, string what, string? error = null, TimeSpan? retryAfter = null, Exception? inner = null)
    {
        NodeAttestationLog.CallFailed(_logger, method.Method, path, failure.ToString(), status);
        var message = string.Create(CultureInfo.InvariantCulture, $"{method.Method} {path}: {what}{(status is null ? string.Empty : $" (HTTP {status}{(error is null ? string.Empty : ", " + error)})")}.");
        return new AgentServerException(failure, message, status, retryAfter, inner) { Error = error };
    }
}
