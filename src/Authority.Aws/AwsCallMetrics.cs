using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Bridge.Authority.Telemetry;

namespace Bridge.Authority.Aws;

/// <summary>
/// Times every call an AWS SDK client makes and counts its throttles, through the client's own request events: one
/// choke point per client, so no store or key manager has to measure its calls. The SDK raises the request event once
/// per call (before its retries) and the response or exception event once at its end, so a duration includes the
/// SDK's retries; KMS clients make none (Bridge retries itself, and each retry is a call of its own).
/// </summary>
public sealed class AwsCallMetrics
{
    private static readonly ConcurrentDictionary<Type, string> OperationNames = new();

    private readonly string _service;
    private readonly AuthorityMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ConditionalWeakTable<AmazonWebServiceRequest, StrongBox<long>> _started = [];

    private AwsCallMetrics(string service, AuthorityMetrics metrics, TimeProvider time)
    {
        _service = service;
        _metrics = metrics;
        _time = time;
    }

    /// <summary>The <c>service</c> tag of KMS calls.</summary>
    public const string Kms = "kms";

    /// <summary>The <c>service</c> tag of DynamoDB calls.</summary>
    public const string DynamoDb = "dynamodb";

    /// <summary>
    /// Measures the calls of <paramref name="client"/> as <paramref name="service"/> and returns it. A client that is
    /// not an SDK client (a test double) is returned unmeasured.
    /// </summary>
    public static T Attach<T>(T client, string service, AuthorityMetrics metrics, TimeProvider time)
        where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(time);
        if (client is AmazonServiceClient sdk)
        {
            var observer = new AwsCallMetrics(service, metrics, time);
            sdk.BeforeRequestEvent += observer.OnRequest;
            sdk.AfterResponseEvent += observer.OnResponse;
            sdk.ExceptionEvent += observer.OnException;
        }

        return client;
    }

    /// <summary>Whether <paramref name="exception"/> is AWS refusing a call for its rate.</summary>
    public static bool IsThrottling(Exception? exception) =>
        exception is AmazonServiceException { ErrorCode: { } code } && AwsErrorCodes.Throttling.Contains(code);

    private void OnRequest(object sender, RequestEventArgs e)
    {
        if (e is WebServiceRequestEventArgs { Request: { } request })
        {
            _started.AddOrUpdate(request, new StrongBox<long>(_time.GetTimestamp()));
        }
    }

    private void OnResponse(object sender, ResponseEventArgs e)
    {
        if (e is WebServiceResponseEventArgs { Request: { } request })
        {
            Record(request, throttled: false);
        }
    }

    private void OnException(object sender, ExceptionEventArgs e)
    {
        if (e is WebServiceExceptionEventArgs { Request: { } request } failure)
        {
            Record(request, IsThrottling(failure.Exception));
        }
    }

    private void Record(AmazonWebServiceRequest request, bool throttled)
    {
        if (!_started.TryGetValue(request, out var started))
        {
            return;
        }

        _started.Remove(request);
        _metrics.RecordAwsCall(_service, OperationOf(request), _time.GetElapsedTime(started.Value), throttled);
    }

    // SignRequest -> Sign: the SDK's request types are named after their operation.
    private static string OperationOf(AmazonWebServiceRequest request) => OperationNames.GetOrAdd(request.GetType(), static type =>
        type.Name.EndsWith("Request", StringComparison.Ordinal) ? type.Name[..^"Request".Length] : type.Name);
}
