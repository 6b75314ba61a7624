using Amazon.CDK;
using Amazon.CDK.AWS.Apigatewayv2;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.Lambda;
using Constructs;

namespace Bridge.Infrastructure.Components;

/// <summary>
/// Alarms on what an operator must act on: function errors and throttles, p99 latency, and 5xx answers from the API
/// (which include 503 <c>temporarily_unavailable</c> when KMS or DynamoDB fail). No action is attached: subscribe an
/// SNS topic to them (docs/deploy.md).
/// </summary>
internal sealed class ServiceAlarms : Construct
{
    public ServiceAlarms(Construct scope, string id, IFunction function, HttpApi api)
        : base(scope, id)
    {
        var fiveMinutes = Duration.Minutes(5);
        Errors = Alarm("Errors", function.MetricErrors(new MetricOptions { Period = fiveMinutes, Statistic = "Sum" }), 1, 1,
            "The exchange function failed invocations (unhandled errors, init failures, timeouts).");
        Throttles = Alarm("Throttles", function.MetricThrottles(new MetricOptions { Period = fiveMinutes, Statistic = "Sum" }), 1, 1,
            "Lambda throttled the exchange function (concurrency limit).");
        LatencyP99 = Alarm("DurationP99", function.MetricDuration(new MetricOptions { Period = fiveMinutes, Statistic = "p99" }), 1000, 3,
            "p99 duration of the exchange function above 1 s for 15 minutes.");
        ServerErrors = Alarm("Api5xx", api.MetricServerError(new MetricOptions { Period = fiveMinutes, Statistic = "Sum" }), 5, 1,
            "The HTTP API answered 5xx (including 503 temporarily_unavailable when KMS or DynamoDB fail).");
    }

    public Alarm Errors { get; }

    public Alarm Throttles { get; }

    public Alarm LatencyP99 { get; }

    public Alarm ServerErrors { get; }

    private Alarm Alarm(string id, IMetric metric, double threshold, double evaluationPeriods, string description) =>
        new(this, id, new AlarmProps
        {
            Metric = metric,
            Threshold = threshold,
            EvaluationPeriods = evaluationPeriods,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
            AlarmDescription = description,
        });
}
