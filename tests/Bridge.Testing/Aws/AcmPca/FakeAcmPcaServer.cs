using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bridge.Testing.Aws.AcmPca;

/// <summary>
/// A local ACM Private CA on 127.0.0.1 speaking PCA's JSON 1.1 protocol (<c>X-Amz-Target: ACMPrivateCA.&lt;Op&gt;</c>)
/// for DescribeCertificateAuthority, IssueCertificate, GetCertificate and GetCertificateAuthorityCertificate. It
/// verifies every request's SigV4 signature against <see cref="AccessKeyId"/>/<see cref="SecretAccessKey"/> (a bad one
/// is answered 403), signs real certificates with a real CA (a root, or a subordinate under an offline root), and
/// injects faults: CA status and usage mode, throttling, and <c>RequestInProgressException</c> while "issuing".
/// </summary>
public sealed partial class FakeAcmPcaServer : IAsyncDisposable
{
    /// <summary>The account id in every ARN.</summary>
    public const string AccountId = "111122223333";

    /// <summary>The access key id the fake accepts.</summary>
    public const string AccessKeyId = "AKIDFAKEACMPCA000001";

    /// <summary>The secret key the fake verifies signatures with.</summary>
    public const string SecretAccessKey = "fake/acm+pca/secret/key/for/loopback/tests";

    /// <summary>The SigV4 service name.</summary>
    public const string ServiceName = "acm-pca";

    private readonly Lock _lock = new();
    private readonly List<Fault> _faults = [];
    private readonly ConcurrentQueue<FakeAcmPcaCall> _calls = new();
    private readonly WebApplication _app;
    private readonly TimeProvider _timeProvider;
    private readonly FakeAcmPcaHierarchy _hierarchy;
    private int _inProgressRemaining;

    private FakeAcmPcaServer(WebApplication app, string region, Uri serviceUrl, TimeProvider timeProvider, FakeAcmPcaHierarchy hierarchy)
    {
        _app = app;
        Region = region;
        ServiceUrl = serviceUrl;
        _timeProvider = timeProvider;
        _hierarchy = hierarchy;
        CertificateAuthorityArn = $"arn:aws:acm-pca:{region}:{AccountId}:certificate-authority/11111111-2222-3333-4444-555555555555";
    }

    /// <summary>The endpoint to give the client as <c>ServiceUrl</c>.</summary>
    public Uri ServiceUrl { get; }

    /// <summary>The Region requests must be signed for.</summary>
    public string Region { get; }

    /// <summary>The one CA this endpoint serves.</summary>
    public string CertificateAuthorityArn { get; }

    /// <summary>The CA's status (ACTIVE, DISABLED, PENDING_CERTIFICATE, EXPIRED, ...).</summary>
    public string Status { get; set; } = "ACTIVE";

    /// <summary>GENERAL_PURPOSE or SHORT_LIVED_CERTIFICATE.</summary>
    public string UsageMode { get; set; } = "GENERAL_PURPOSE";

    /// <summary>When set, requests must carry and sign this <c>X-Amz-Security-Token</c> (temporary credentials).</summary>
    public string? SessionToken { get; set; }

    /// <summary>Simulates a misconfigured template: issued certificates are end-entity certificates.</summary>
    public bool IssueEndEntityCertificates { get; set; }

    /// <summary>Leaves <c>CertificateChain</c> out of GetCertificate answers (the client must fetch the CA's chain).</summary>
    public bool OmitChainFromGetCertificate { get; set; }

    /// <summary>The CA's key algorithm, e.g. <c>EC_prime256v1</c>.</summary>
    public string KeyAlgorithm => _hierarchy.KeyAlgorithm;

    /// <summary>The self-signed root at the top of the hierarchy (the trust anchor).</summary>
    public X509Certificate2 RootCertificate => _hierarchy.Root;

    /// <summary>The PCA CA's own certificate (the root itself when <see cref="IsSubordinate"/> is false).</summary>
    public X509Certificate2 CaCertificate => _hierarchy.Ca;

    /// <summary>True when the PCA CA is a subordinate of an offline root, so chains carry an upstream intermediate.</summary>
    public bool IsSubordinate => _hierarchy.IsSubordinate;

    /// <summary>Every call received, in order (faulted and unauthenticated ones included).</summary>
    public IReadOnlyCollection<FakeAcmPcaCall> Calls => _calls;

    /// <summary>How many certificates were really issued (an idempotent repeat issues none).</summary>
    public int IssuedCount { get; private set; }

    /// <summary>Starts a server on a free loopback port with a new CA hierarchy.</summary>
    /// <param name="keyAlgorithm">The CA key: <c>EC_prime256v1</c>, <c>EC_secp384r1</c> or <c>RSA_2048</c>.</param>
    /// <param name="subordinate">True for a PCA CA under an offline root; false for a PCA root CA.</param>
    /// <param name="timeProvider">The clock for certificate validity and signature freshness; the system clock by default.</param>
    /// <param name="region">The Region.</param>
    public static async Task<FakeAcmPcaServer> StartAsync(
        string keyAlgorithm = "EC_prime256v1", bool subordinate = true, TimeProvider? timeProvider = null, string region = "us-east-1")
    {
        timeProvider ??= TimeProvider.System;
        var hierarchy = FakeAcmPcaHierarchy.Create(keyAlgorithm, subordinate, timeProvider.GetUtcNow());
        var app = LoopbackWebApplication.CreateBuilder().Build();
        FakeAcmPcaServer? server = null;
        // The pipeline is fixed at start, before the address (and so the server object) exists; no request comes earlier.
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync().ConfigureAwait(false);
        server = new FakeAcmPcaServer(app, region, LoopbackWebApplication.BaseAddress(app), timeProvider, hierarchy);
        return server;
    }

    /// <summary>How many calls of <paramref name="operation"/> arrived.</summary>
    public int CallCount(string operation) => _calls.Count(c => c.Operation == operation);

    /// <summary>Answers the next <paramref name="count"/> calls (of <paramref name="operation"/>, or of any) with PCA throttling.</summary>
    public void ThrottleNext(int count, string? operation = null) =>
        FailNext(operation, count, "ThrottlingException", HttpStatusCode.BadRequest);

    /// <summary>Answers the next <paramref name="count"/> calls of <paramref name="operation"/> (null: any) with an AWS error.</summary>
    public void FailNext(string? operation, int count, string errorType, HttpStatusCode status)
    {
        lock (_lock)
        {
            _faults.Add(new Fault(operation, errorType, status) { Remaining = count });
        }
    }

    /// <summary>Answers the next <paramref name="count"/> GetCertificate calls with <c>RequestInProgressException</c>.</summary>
    public void AnswerInProgressNext(int count)
    {
        lock (_lock)
        {
            _inProgressRemaining = count;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _hierarchy.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        const string Prefix = "ACMPrivateCA.";
        if (context.Request.Method != "POST" || !target.StartsWith(Prefix, StringComparison.Ordinal)
            || context.Request.ContentType != "application/x-amz-json-1.1")
        {
            await WriteAsync(context, HttpStatusCode.BadRequest, Error("UnknownOperationException", "Not an ACM PCA JSON 1.1 request.")).ConfigureAwait(false);
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer).ConfigureAwait(false);
        var body = buffer.ToArray();
        var operation = target[Prefix.Length..];
        var signatureError = FakeSigV4Verifier.Verify(context.Request, body, AccessKeyId, SecretAccessKey, SessionToken, Region, ServiceName);
        if (signatureError is null && FakeSigV4Verifier.RequestTime(context.Request) is { } signedAt
            && (signedAt - _timeProvider.GetUtcNow()).Duration() > TimeSpan.FromMinutes(5))
        {
            signatureError = "Signature expired: the request time is more than 5 minutes from the server's.";
        }

        JsonObject request;
        try
        {
            request = JsonNode.Parse(body) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            await WriteAsync(context, HttpStatusCode.BadRequest, Error("SerializationException", "Malformed JSON.")).ConfigureAwait(false);
            return;
        }

        _calls.Enqueue(new FakeAcmPcaCall(operation, request, signatureError is null));
        if (signatureError is not null)
        {
            await WriteAsync(context, HttpStatusCode.Forbidden, Error("InvalidSignatureException", signatureError)).ConfigureAwait(false);
            return;
        }

        var (status, response) = Dispatch(operation, request);
        await WriteAsync(context, status, response).ConfigureAwait(false);
    }

    private (HttpStatusCode Status, JsonObject Body) Dispatch(string operation, JsonObject request)
    {
        lock (_lock)
        {
            var fault = _faults.FirstOrDefault(f => f.Remaining > 0 && (f.Operation is null || f.Operation == operation));
            if (fault is not null)
            {
                fault.Remaining--;
                return (fault.Status, Error(fault.ErrorType, "Injected fault."));
            }

            try
            {
                return (HttpStatusCode.OK, operation switch
                {
                    "DescribeCertificateAuthority" => DescribeCertificateAuthority(request),
                    "IssueCertificate" => IssueCertificate(request),
                    "GetCertificate" => GetCertificate(request),
                    "GetCertificateAuthorityCertificate" => GetCertificateAuthorityCertificate(request),
                    _ => throw new AwsJsonErrorException("UnknownOperationException", $"The fake does not implement {operation}."),
                });
            }
            catch (AwsJsonErrorException error)
            {
                return (error.Status, Error("com.amazonaws.acmpca#" + error.ErrorType, error.Message));
            }
        }
    }

    private static JsonObject Error(string type, string message) => new() { ["__type"] = type, ["message"] = message };

    private static async Task WriteAsync(HttpContext context, HttpStatusCode status, JsonObject body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }

    private sealed class Fault(string? operation, string errorType, HttpStatusCode status)
    {
        public string? Operation { get; } = operation;

        public string ErrorType { get; } = errorType;

        public HttpStatusCode Status { get; } = status;

        public int Remaining { get; set; }
    }
}
