using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bridge.Testing.Aws.DynamoDb;

/// <summary>
/// Sits between a real SDK client and DynamoDB Local (<see cref="DynamoDbLocalFixture.CreateClientFor"/>): records the
/// operation of every HTTP request, SDK retries included, and injects faults on the wire on demand, so the SDK's own
/// error parsing and retries run exactly as against AWS.
/// </summary>
public sealed class DynamoDbWireHandler : DelegatingHandler
{
    private const string TargetPrefix = "DynamoDB_20120810.";
    private int _faultBudget;

    /// <summary>Creates the handler over a plain <see cref="SocketsHttpHandler"/>.</summary>
    public DynamoDbWireHandler()
        : base(new SocketsHttpHandler())
    {
    }

    /// <summary>Operation names (<c>PutItem</c>, <c>GetItem</c>, ...) of every HTTP request, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Decides the fault for an operation; null (or a null answer) passes the request through.</summary>
    public Func<string, DynamoDbFault?>? Fault { get; private set; }

    /// <summary>Injects <paramref name="fault"/> into the next <paramref name="times"/> requests matching <paramref name="operation"/> (null: every operation).</summary>
    public void Inject(DynamoDbFault fault, string? operation = null, int times = int.MaxValue)
    {
        Volatile.Write(ref _faultBudget, times);
        Fault = op => operation is null || op == operation ? fault : null;
    }

    /// <summary>Stops injecting faults and forgets the recorded requests.</summary>
    public void Reset()
    {
        Fault = null;
        Requests.Clear();
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.FirstOrDefault() ?? string.Empty : string.Empty;
        var operation = target.StartsWith(TargetPrefix, StringComparison.Ordinal) ? target[TargetPrefix.Length..] : target;
        Requests.Enqueue(operation);

        var fault = Fault?.Invoke(operation);
        if (fault is null || Interlocked.Decrement(ref _faultBudget) < 0)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        switch (fault.Value)
        {
            case DynamoDbFault.Throttle:
                return Error(HttpStatusCode.BadRequest, "com.amazonaws.dynamodb.v20120810#ThrottlingException", "Rate of requests exceeds the allowed throughput.");
            case DynamoDbFault.ServiceUnavailable:
                return Error(HttpStatusCode.ServiceUnavailable, "com.amazonaws.dynamodb.v20120810#ServiceUnavailable", "Service unavailable.");
            case DynamoDbFault.Unreachable:
                throw new HttpRequestException("Connection refused (injected).", new SocketException((int)SocketError.ConnectionRefused));
            default:
                using (await base.SendAsync(request, cancellationToken).ConfigureAwait(false))
                {
                    throw new HttpRequestException("Connection reset (injected, after the request landed).", new SocketException((int)SocketError.ConnectionReset));
                }
        }
    }

    private static HttpResponseMessage Error(HttpStatusCode status, string type, string message) => new(status)
    {
        Content = new StringContent($$"""{"__type":"{{type}}","message":"{{message}}"}""", Encoding.UTF8, "application/x-amz-json-1.0"),
    };
}
