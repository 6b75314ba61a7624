using Amazon.DynamoDBv2;
using Bridge.Authority.Aws;
using Bridge.Authority.Aws.Kms;
using Bridge.Authority.Aws.Kms.Envelope;
using Bridge.Authority.Telemetry;
using Bridge.ExchangeFunction.Endpoints;
using Bridge.ExchangeFunction.Hosting.Telemetry;
using Bridge.LambdaHosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Metrics and log format of the exchange service (docs/observability.md): the <see cref="AuthorityMetrics"/>
/// instruments, their exporter (CloudWatch EMF in Lambda, OTLP where configured), and JSON console logs in Lambda.
/// </summary>
public static class BridgeTelemetryServiceCollectionExtensions
{
    /// <summary>The variable Lambda sets to the function's name; with the Runtime API's, it says the process runs in Lambda.</summary>
    internal const string FunctionNameVariable = "AWS_LAMBDA_FUNCTION_NAME";

    /// <summary>The standard OpenTelemetry variable whose presence selects OTLP under <see cref="MetricsExporter.Auto"/>.</summary>
    internal const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The OpenTelemetry service name of the exchange service's resource.</summary>
    internal const string ServiceName = "bridge-exchange";

    /// <summary>
    /// Registers the metrics, their exporter and the log format, from <c>Bridge:Telemetry</c> and the environment. Call
    /// after the backends are registered: their AWS SDK clients are wrapped to measure each call.
    /// </summary>
    public static IServiceCollection AddBridgeTelemetry(this IServiceCollection services, IConfiguration configuration) =>
        services.AddBridgeTelemetry(configuration, Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="AddBridgeTelemetry(IServiceCollection, IConfiguration)"/>, reading variables through <paramref name="getVariable"/>.</summary>
    internal static IServiceCollection AddBridgeTelemetry(
        this IServiceCollection services, IConfiguration configuration, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSettingsSection(TelemetryOptions.SectionName, typeof(TelemetryOptions));
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        services.TryAddSingleton<AuthorityMetrics>();
        services.AddHostedService<AuthorityGauges>();
        services.TryAddSingleton<EdgeAudit>();

        // AWS calls are measured at the SDK clients, one choke point each, whichever store or key manager uses them.
        services.Decorate<IAmazonDynamoDB>((client, sp) =>
            AwsCallMetrics.Attach(client, AwsCallMetrics.DynamoDb, sp.GetRequiredService<AuthorityMetrics>(), sp.GetRequiredService<TimeProvider>()));
        services.Decorate<IKmsClient>((client, sp) => MeasureKms(client, sp));
        services.Decorate<IKmsEnvelopeClient>((client, sp) => MeasureKms(client, sp));

        var inLambda = !string.IsNullOrEmpty(getVariable(LambdaHostingOptions.RuntimeApiVariable))
            || !string.IsNullOrEmpty(getVariable(FunctionNameVariable));
        if (inLambda && string.IsNullOrEmpty(configuration["Logging:Console:FormatterName"]))
        {
            // CloudWatch Logs Insights reads JSON lines field by field; locally the readable format stays the default.
            services.Configure<ConsoleLoggerOptions>(o => o.FormatterName = ConsoleFormatterNames.Json);
        }

        // The exporter is chosen now: with none, nothing listens and each recording is one enabled check. The options
        // are still validated at start (bad values were hidden from this read by SettingsCheck and reported there).
        var settings = new TelemetryOptions();
        configuration.GetSection(TelemetryOptions.SectionName).Bind(settings);
        var exporter = settings.Exporter switch
        {
            MetricsExporter.Auto when inLambda => MetricsExporter.Emf,
            MetricsExporter.Auto when TelemetryFeatures.OtlpExporter && !string.IsNullOrEmpty(getVariable(OtlpEndpointVariable)) => MetricsExporter.Otlp,
            MetricsExporter.Auto => MetricsExporter.None,
            var chosen => chosen,
        };
        if (exporter == MetricsExporter.Emf)
        {
            // A MeterListener of our own, not the OpenTelemetry SDK: the Lambda bootstrap links no SDK (TelemetryFeatures).
            services.TryAddSingleton(new EmfOutput(Console.OpenStandardOutput()));
            services.TryAddSingleton(sp => new EmfMetricCollector(
                AuthorityMetrics.MeterName,
                sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
                new EmfMetricExporter(sp.GetRequiredService<IOptions<TelemetryOptions>>().Value.EmfNamespace, sp.GetRequiredService<EmfOutput>().Stream),
                sp.GetRequiredService<TimeProvider>(),
                AuthorityMetrics.MaxTagCombinations));
            services.AddHostedService(sp => sp.GetRequiredService<EmfMetricCollector>());
            services.AddSingleton<ILambdaInvocationListener>(sp => new EmfInvocationFlusher(sp.GetRequiredService<EmfMetricCollector>()));
        }
        else if (exporter == MetricsExporter.Otlp && TelemetryFeatures.OtlpExporter)
        {
            AddOtlpExporter(services);
        }

        return services;
    }

    // Only reachable when the OTLP exporter is in the build: the trimmer removes this method, and the SDK with it, from
    // the Lambda bootstrap.
    private static void AddOtlpExporter(IServiceCollection services) =>
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(AuthorityMetrics.MeterName)
                .AddView(instrument => instrument.Meter.Name == AuthorityMetrics.MeterName
                    ? new MetricStreamConfiguration { CardinalityLimit = AuthorityMetrics.MaxTagCombinations }
                    : null)
                .AddOtlpExporter());

    private static T MeasureKms<T>(T client, IServiceProvider services)
        where T : class =>
        client is AwsKmsClient kms
            ? (T)(object)kms.WithMetrics(services.GetRequiredService<AuthorityMetrics>(), services.GetRequiredService<TimeProvider>())
            : client;
}
