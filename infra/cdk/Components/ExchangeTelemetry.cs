using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Bridge.Infrastructure.Settings;
using Constructs;

namespace Bridge.Infrastructure.Components;

/// <summary>
/// A dashboard and alarms on the metrics the exchange function publishes as CloudWatch EMF (docs/observability.md):
/// refusal rate, issuance latency, AWS throttles, and the time left on the active CA and JWT signing key. Alarms read
/// the roll-ups the EMF lines publish (no dimension, or <c>outcome</c> alone), since alarms cannot use SEARCH. No action
/// is attached, as for <see cref="ServiceAlarms"/>.
/// </summary>
internal sealed class ExchangeTelemetry : Construct
{
    public const string Requests = "bridge.exchange.requests";
    public const string UnroutedRequests = "bridge.http.unrouted";
    public const string Duration = "bridge.exchange.duration";
    public const string AwsCallDuration = "bridge.aws.call.duration";
    public const string AwsThrottles = "bridge.aws.throttles";
    public const string CaTimeToExpiry = "bridge.ca.time_to_expiry";
    public const string KeyTimeToExpiry = "bridge.key.time_to_expiry";

    // Rotation replaces the CA and the JWT key at 5/6 of their life (4 h left of the default 24 h): under 2 h left,
    // rotation is late and SVIDs soon cannot be issued. The rotation schedule invokes the function hourly, so the gauges
    // report at least once an hour even without traffic.
    private const double ExpiryThresholdSeconds = 2 * 3600;

    public ExchangeTelemetry(Construct scope, string id, StageSettings settings)
        : base(scope, id)
    {
        Namespace = NamespaceOf(settings);
        var fiveMinutes = Amazon.CDK.Duration.Minutes(5);
        var hour = Amazon.CDK.Duration.Hours(1);

        var total = Metric(Requests, "Sum", fiveMinutes);
        var issued = Metric(Requests, "Sum", fiveMinutes, ("outcome", "issued"));
        var refusalRate = new MathExpression(new MathExpressionProps
        {
            // Refusals include those at the HTTP edge; FILL keeps a window with no issued exchange at 100 %.
            Expression = "100 * (total - FILL(issued, 0)) / total",
            UsingMetrics = new Dictionary<string, IMetric> { ["total"] = total, ["issued"] = issued },
            Period = fiveMinutes,
            Label = "Refused exchanges (%)",
        });
        var issuedP99 = Metric(Duration, "p99", fiveMinutes, ("outcome", "issued"));
        var throttles = Metric(AwsThrottles, "Sum", fiveMinutes);
        var caLeft = Metric(CaTimeToExpiry, "Minimum", hour);
        var keyLeft = Metric(KeyTimeToExpiry, "Minimum", hour);

        RefusalRate = Alarm("RefusalRate", refusalRate, 50, 3, ComparisonOperator.GREATER_THAN_THRESHOLD,
            "Over half of the exchanges refused for 15 minutes (bad evidence, replays, unregistered callers or malformed requests).");
        IssuanceLatencyP99 = Alarm("IssuanceLatencyP99", issuedP99, 0.5, 3, ComparisonOperator.GREATER_THAN_THRESHOLD,
            "p99 of issued exchanges above 500 ms for 15 minutes (KMS or DynamoDB slow, or cold starts).");
        Throttled = Alarm("AwsThrottles", throttles, 5, 1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            "KMS or DynamoDB throttled Bridge's calls (see bridge.aws.throttles by service and operation).");
        CaExpiring = Alarm("CaExpiring", caLeft, ExpiryThresholdSeconds, 1, ComparisonOperator.LESS_THAN_THRESHOLD,
            "The active X.509 CA expires in under 2 hours: CA rotation is late (docs/rotation.md).");
        KeyExpiring = Alarm("JwtKeyExpiring", keyLeft, ExpiryThresholdSeconds, 1, ComparisonOperator.LESS_THAN_THRESHOLD,
            "The active JWT signing key reaches its lifetime in under 2 hours: key rotation is late (docs/rotation.md).");

        Dashboard = new Dashboard(this, "Dashboard", new DashboardProps { DefaultInterval = Amazon.CDK.Duration.Hours(3) });
        Dashboard.AddWidgets(
            Graph("Exchanges by outcome", Search(Requests, "outcome", "Sum")),
            Graph("Refused exchanges (%)", refusalRate));
        Dashboard.AddWidgets(
            Graph("Issuance latency (s)", Metric(Duration, "p50", fiveMinutes, ("outcome", "issued")), issuedP99),
            Graph("AWS call latency p99 (s) by service", Search(AwsCallDuration, "service", "p99")));
        Dashboard.AddWidgets(
            Graph("AWS throttles by service", Search(AwsThrottles, "service", "Sum")),
            Graph("Time to expiry (s): CA and JWT key", caLeft, keyLeft));
        Dashboard.AddWidgets(
            Graph("Requests matching no endpoint (scans; not in the refusal rate)", Search(UnroutedRequests, "outcome", "Sum")));
    }

    /// <summary>The CloudWatch namespace the function publishes under (its <c>Bridge:Telemetry:EmfNamespace</c>).</summary>
    public string Namespace { get; }

    public Dashboard Dashboard { get; }

    public Alarm RefusalRate { get; }

    public Alarm IssuanceLatencyP99 { get; }

    public Alarm Throttled { get; }

    public Alarm CaExpiring { get; }

    public Alarm KeyExpiring { get; }

    /// <summary>One namespace per stage (its key namespace is unique), so two stages in one account never mix.</summary>
    public static string NamespaceOf(StageSettings settings) => "Bridge/" + settings.KeyNamespace;

    private Metric Metric(string name, string statistic, Amazon.CDK.Duration period, params (string Name, string Value)[] dimensions) =>
        new(new MetricProps
        {
            Namespace = Namespace,
            MetricName = name,
            Statistic = statistic,
            Period = period,
            DimensionsMap = dimensions.ToDictionary(d => d.Name, d => d.Value, StringComparer.Ordinal),
        });

    // Every value of one dimension, as the EMF roll-up publishes it, without listing tag values here.
    private MathExpression Search(string metricName, string dimension, string statistic) => new(new MathExpressionProps
    {
        Expression = $"SEARCH('{{{Namespace},{dimension}}} MetricName=\"{metricName}\"', '{statistic}', 300)",
        UsingMetrics = new Dictionary<string, IMetric>(),
        Period = Amazon.CDK.Duration.Minutes(5),
    });

    private static GraphWidget Graph(string title, params IMetric[] metrics) =>
        new(new GraphWidgetProps { Title = title, Left = metrics, Width = 12 });

    private Alarm Alarm(string id, IMetric metric, double threshold, double evaluationPeriods, ComparisonOperator comparison, string description) =>
        new(this, id, new AlarmProps
        {
            Metric = metric,
            Threshold = threshold,
            EvaluationPeriods = evaluationPeriods,
            ComparisonOperator = comparison,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
            AlarmDescription = description,
        });
}
