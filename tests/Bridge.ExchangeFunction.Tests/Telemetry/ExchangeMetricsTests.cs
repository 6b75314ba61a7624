using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Bridge.Authority.Telemetry;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Bridge.Testing.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.ExchangeFunction.Tests.Telemetry;

/// <summary>
/// Through the real service: every <c>POST /token</c> is counted once, by ExchangeService when it ran and by the HTTP
/// edge when the request was refused before (with an audit line, event 5040), and unrouted requests are audited too.
/// </summary>
public sealed class ExchangeMetricsTests(LoggingBridgeFactory factory) : IClassFixture<LoggingBridgeFactory>
{
    private const int EdgeRefusalEvent = 5040;
    private const int UnroutedEvent = 5041;
    private static readonly Uri TokenUri = new("/token", UriKind.Relative);

    // Refusals of a request to an endpoint are Warnings; requests that match no endpoint (scanners) are Information.
    public static TheoryData<string, string, HttpStatusCode, int, LogLevel> EdgeCases => new()
    {
        { "query parameters", "query_parameters", HttpStatusCode.BadRequest, EdgeRefusalEvent, LogLevel.Warning },
        { "json body", "unsupported_content_type", HttpStatusCode.BadRequest, EdgeRefusalEvent, LogLevel.Warning },
        { "oversized body", "body_too_large", HttpStatusCode.RequestEntityTooLarge, EdgeRefusalEvent, LogLevel.Warning },
        { "invalid utf-8", "malformed_body", HttpStatusCode.BadRequest, EdgeRefusalEvent, LogLevel.Warning },
        { "missing grant_type", "invalid_parameters", HttpStatusCode.BadRequest, EdgeRefusalEvent, LogLevel.Warning },
        { "unknown route", "unknown_route", HttpStatusCode.NotFound, UnroutedEvent, LogLevel.Information },
        { "wrong method", "method_not_allowed", HttpStatusCode.MethodNotAllowed, UnroutedEvent, LogLevel.Information },
    };

    [Fact]
    public async Task Token_Issued_CountedOnceAsIssuedByTheAttestor()
    {
        await factory.EnsureRegisteredAsync("Metered");
        using var recorder = new MetricRecorder(factory.Services.GetRequiredService<IMeterFactory>());

        using var response = await factory.Client.PostTokenAsync(TokenRequest.Jwt(factory.StsToken("Metered"), "ledger"));

        await OAuthAssert.SuccessAsync(response);
        var request = Assert.Single(recorder.Of(AuthorityMetrics.ExchangeRequestsName));
        Assert.Equal("issued", request.Tag(AuthorityMetrics.OutcomeTag));
        Assert.Equal("oidc", request.Tag(AuthorityMetrics.AttestorTag));
        Assert.Equal("jwt", request.Tag(AuthorityMetrics.SvidKindTag));
        Assert.Single(recorder.Of(AuthorityMetrics.ExchangeDurationName));
    }

    [Fact]
    public async Task Token_EvidenceRefused_CountedByTheExchangeOnlyNotTheEdge()
    {
        var logsBefore = EdgeLogs().Count;
        using var recorder = new MetricRecorder(factory.Services.GetRequiredService<IMeterFactory>());

        using var response = await factory.Client.PostTokenAsync(TokenRequest.Jwt("not.a.token", "ledger"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("evidence_rejected", Assert.Single(recorder.Of(AuthorityMetrics.ExchangeRequestsName)).Tag(AuthorityMetrics.OutcomeTag));
        Assert.Equal(logsBefore, EdgeLogs().Count);
    }

    [Theory]
    [MemberData(nameof(EdgeCases))]
    public async Task Request_RefusedAtTheEdge_AuditedAndCounted(string scenario, string outcome, HttpStatusCode status, int eventId, LogLevel level)
    {
        var token = factory.StsToken("EdgeRefused");
        var logsBefore = EdgeLogs().Count;
        using var recorder = new MetricRecorder(factory.Services.GetRequiredService<IMeterFactory>());

        using var request = Request(scenario, token);
        using var response = await factory.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(status, response.StatusCode);
        if (eventId == UnroutedEvent)
        {
            // Counted apart from the exchanges: scans must not move the refusal rate the alarm watches.
            Assert.Empty(recorder.Of(AuthorityMetrics.ExchangeRequestsName));
            var unrouted = Assert.Single(recorder.Of(AuthorityMetrics.UnroutedRequestsName));
            Assert.Equal(1, unrouted.Value);
            Assert.Equal(outcome, unrouted.Tag(AuthorityMetrics.OutcomeTag));
        }
        else
        {
            Assert.Empty(recorder.Of(AuthorityMetrics.UnroutedRequestsName));
            var measurement = Assert.Single(recorder.Of(AuthorityMetrics.ExchangeRequestsName));
            Assert.Equal(1, measurement.Value);
            Assert.Equal(outcome, measurement.Tag(AuthorityMetrics.OutcomeTag));
            Assert.Equal(AuthorityMetrics.NoAttestor, measurement.Tag(AuthorityMetrics.AttestorTag));
            Assert.Equal(AuthorityMetrics.UnknownSvidKind, measurement.Tag(AuthorityMetrics.SvidKindTag));
        }

        var audit = Assert.Single(EdgeLogs().Skip(logsBefore));
        Assert.Equal(eventId, audit.EventId.Id);
        Assert.Equal(level, audit.Level);
        Assert.Equal(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), audit.Values["StatusCode"]);
        Assert.DoesNotContain(token, audit.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[2], audit.AllText, StringComparison.Ordinal);
    }

    private List<CapturingLoggerProvider.CapturedLog> EdgeLogs() => [.. factory.Logs.Logs.Where(l => l.EventId.Id is EdgeRefusalEvent or UnroutedEvent)];

    private static HttpRequestMessage Request(string scenario, string token) => scenario switch
    {
        "query parameters" => Post(new Uri("/token?scope=openid", UriKind.Relative), new FormUrlEncodedContent(TokenRequest.Jwt(token, "ledger"))),
        "json body" => Post(TokenUri, new StringContent($$"""{"subject_token":"{{token}}"}""", Encoding.UTF8, "application/json")),
        "oversized body" => Post(TokenUri, new FormUrlEncodedContent(TokenRequest.Jwt(token, "ledger").With("pad", new string('a', 64 * 1024)))),
        "invalid utf-8" => Post(TokenUri, FormBytes([.. Encoding.ASCII.GetBytes("grant_type="), 0xC3, 0x28])),
        "missing grant_type" => Post(TokenUri, new FormUrlEncodedContent(TokenRequest.Jwt(token, "ledger").Without("grant_type"))),
        "unknown route" => new HttpRequestMessage(HttpMethod.Get, new Uri("/no-such-route?subject_token=" + token, UriKind.Relative)),
        "wrong method" => new HttpRequestMessage(HttpMethod.Get, TokenUri),
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
    };

    private static HttpRequestMessage Post(Uri uri, HttpContent content) => new(HttpMethod.Post, uri) { Content = content };

    private static ByteArrayContent FormBytes(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        return content;
    }
}
