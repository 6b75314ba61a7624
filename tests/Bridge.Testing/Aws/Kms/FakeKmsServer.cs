using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.Testing.Aws.Kms;

/// <summary>
/// A local KMS endpoint on 127.0.0.1 speaking KMS's JSON 1.1 protocol (<c>X-Amz-Target: TrentService.&lt;Op&gt;</c>)
/// for the operations Bridge uses, holding real keys and producing real DER (ECDSA) and PKCS#1 (RSA) signatures and
/// real AES-GCM envelopes (symmetric keys, GenerateDataKeyPair, Decrypt with encryption context checks) — the
/// idea of SPIRE's <c>client_fake.go</c>, one level lower, so the real AWS SDK client is exercised on the wire. It
/// injects faults (throttling, failing operations) and counts calls. SigV4 is not checked.
/// </summary>
public sealed partial class FakeKmsServer : IAsyncDisposable
{
    /// <summary>The account id in every ARN.</summary>
    public const string AccountId = "111122223333";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, FakeKmsKey> _keys = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly List<Fault> _faults = [];
    private readonly List<(string Operation, Action Action)> _hooks = [];
    private readonly ConcurrentQueue<FakeKmsCall> _calls = new();
    private readonly ConcurrentDictionary<string, byte[]> _dataKeyPairs = new(StringComparer.Ordinal);
    private readonly WebApplication _app;

    private FakeKmsServer(WebApplication app, string region, Uri serviceUrl)
    {
        _app = app;
        Region = region;
        ServiceUrl = serviceUrl;
    }

    /// <summary>The endpoint to give the SDK as <c>ServiceURL</c>.</summary>
    public Uri ServiceUrl { get; }

    /// <summary>The Region in every ARN.</summary>
    public string Region { get; }

    /// <summary>The most aliases one ListAliases page holds, whatever Limit the caller asks (to exercise paging).</summary>
    public int ListAliasesPageSize { get; set; } = 100;

    /// <summary>Every call received, in order (faulted ones included).</summary>
    public IReadOnlyCollection<FakeKmsCall> Calls => _calls;

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<FakeKmsServer> StartAsync(string region = "us-east-1")
    {
        var app = LoopbackWebApplication.CreateBuilder().Build();
        FakeKmsServer? server = null;
        // The pipeline is fixed at start, before the address (and so the server object) exists; no request comes earlier.
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync().ConfigureAwait(false);
        server = new FakeKmsServer(app, region, LoopbackWebApplication.BaseAddress(app));
        return server;
    }

    /// <summary>How many calls of <paramref name="operation"/> (e.g. <c>Sign</c>) arrived.</summary>
    public int CallCount(string operation) => _calls.Count(c => c.Operation == operation);

    /// <summary>Answers the next <paramref name="count"/> calls (of <paramref name="operation"/>, or of any) with KMS throttling.</summary>
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

    /// <summary>
    /// Runs <paramref name="action"/> once, when the next <paramref name="operation"/> call arrives and before it is
    /// answered: to stage races (another instance creating an alias first) or cancel the caller mid-flight. The action
    /// may call this server's other methods.
    /// </summary>
    public void BeforeNext(string operation, Action action)
    {
        lock (_lock)
        {
            _hooks.Add((operation, action));
        }
    }

    /// <summary>
    /// The private key (PKCS#8) that <c>GenerateDataKeyPair</c> handed out with <paramref name="subjectPublicKeyInfo"/>,
    /// or null: what a test searches logs and stored documents for, since only KMS and the caller ever held it.
    /// </summary>
    public byte[]? DataKeyPairPrivateKey(ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        _dataKeyPairs.TryGetValue(Convert.ToBase64String(subjectPublicKeyInfo), out var privateKey) ? [.. privateKey] : null;

    /// <summary>A snapshot of every key, including those pending deletion.</summary>
    public IReadOnlyList<FakeKmsKey> Keys
    {
        get
        {
            lock (_lock)
            {
                return [.. _keys.Values];
            }
        }
    }

    /// <summary>The key an alias names, or null.</summary>
    public FakeKmsKey? KeyByAlias(string alias)
    {
        lock (_lock)
        {
            return _aliases.TryGetValue(alias, out var keyId) ? _keys[keyId] : null;
        }
    }

    /// <summary>Creates a key directly (any spec and usage, e.g. a symmetric key), optionally under an alias.</summary>
    public FakeKmsKey AddKey(string keySpec, string keyUsage = "SIGN_VERIFY", string? alias = null)
    {
        lock (_lock)
        {
            var key = NewKey(keySpec, keyUsage, "added by the test");
            if (alias is not null)
            {
                _aliases[alias] = key.KeyId;
            }

            return key;
        }
    }

    /// <summary>Sets a key's state (<c>Enabled</c>, <c>Disabled</c>, <c>PendingDeletion</c>).</summary>
    public void SetKeyState(string keyId, string state)
    {
        lock (_lock)
        {
            _keys[keyId].KeyState = state;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        foreach (var key in _keys.Values)
        {
            key.Key?.Dispose();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        const string Prefix = "TrentService.";
        if (context.Request.Method != "POST" || !target.StartsWith(Prefix, StringComparison.Ordinal)
            || context.Request.ContentType?.StartsWith("application/x-amz-json-1.1", StringComparison.Ordinal) != true)
        {
            await WriteAsync(context, HttpStatusCode.BadRequest, Error("UnknownOperationException", "Not a KMS JSON 1.1 request.")).ConfigureAwait(false);
            return;
        }

        var operation = target[Prefix.Length..];
        JsonObject request;
        try
        {
            request = (await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false)) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            await WriteAsync(context, HttpStatusCode.BadRequest, Error("SerializationException", "Malformed JSON.")).ConfigureAwait(false);
            return;
        }

        _calls.Enqueue(new FakeKmsCall(operation, (string?)request["KeyId"] ?? (string?)request["TargetKeyId"], (string?)request["AliasName"])
        {
            EncryptionContext = LoggedEncryptionContext(request),
        });
        var (status, body) = Dispatch(operation, request);
        await WriteAsync(context, status, body).ConfigureAwait(false);
    }

    private (HttpStatusCode Status, JsonObject? Body) Dispatch(string operation, JsonObject request)
    {
        lock (_lock)
        {
            var hook = _hooks.FindIndex(h => h.Operation == operation);
            if (hook >= 0)
            {
                var action = _hooks[hook].Action;
                _hooks.RemoveAt(hook);
                action();
            }

            var fault = _faults.FirstOrDefault(f => f.Remaining > 0 && (f.Operation is null || f.Operation == operation));
            if (fault is not null)
            {
                fault.Remaining--;
                return (fault.Status, Error(fault.ErrorType, "Injected fault."));
            }

            try
            {
                return operation switch
                {
                    "CreateKey" => Ok(CreateKey(request)),
                    "CreateAlias" => Ok(CreateAlias(request)),
                    "UpdateAlias" => Ok(UpdateAlias(request)),
                    "DeleteAlias" => Ok(DeleteAlias(request)),
                    "DescribeKey" => Ok(DescribeKey(request)),
                    "GetPublicKey" => Ok(GetPublicKey(request)),
                    "Sign" => Ok(Sign(request)),
                    "ListAliases" => Ok(ListAliases(request)),
                    "ScheduleKeyDeletion" => Ok(ScheduleKeyDeletion(request)),
                    "GenerateDataKeyPair" => Ok(GenerateDataKeyPair(request)),
                    "Decrypt" => Ok(Decrypt(request)),
                    _ => (HttpStatusCode.BadRequest, Error("UnknownOperationException", $"The fake does not implement {operation}.")),
                };
            }
            catch (AwsJsonErrorException error)
            {
                return (error.Status, Error(error.ErrorType, error.Message));
            }
        }
    }

    private static (HttpStatusCode, JsonObject?) Ok(JsonObject? body) => (HttpStatusCode.OK, body);

    private static JsonObject Error(string type, string message) => new() { ["__type"] = type, ["message"] = message };

    private static async Task WriteAsync(HttpContext context, HttpStatusCode status, JsonObject? body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        var bytes = Encoding.UTF8.GetBytes(body?.ToJsonString() ?? "{}");
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
