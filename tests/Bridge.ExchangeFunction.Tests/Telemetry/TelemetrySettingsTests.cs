using System.Text.Json;
using Bridge.ExchangeFunction.Hosting;
using Bridge.ExchangeFunction.Hosting.Startup;
using Bridge.ExchangeFunction.Hosting.Telemetry;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Bridge.LambdaHosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Bridge.ExchangeFunction.Tests.Telemetry;

/// <summary>
/// The exporter follows the environment (EMF in Lambda, OTLP where its endpoint is set, none otherwise) unless the
/// settings choose; bad settings stop the start; logs are JSON in Lambda and readable elsewhere.
/// </summary>
public sealed class TelemetrySettingsTests
{
    private static readonly Dictionary<string, string?> InLambda = new() { ["AWS_LAMBDA_FUNCTION_NAME"] = "bridge-exchange" };
    private static readonly Dictionary<string, string?> WithOtlpEndpoint = new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4318" };
    private static readonly Dictionary<string, string?> Elsewhere = [];

    public static TheoryData<string, string?, string> Selections => new()
    {
        { nameof(InLambda), null, "emf" },
        { nameof(WithOtlpEndpoint), null, "otlp" },
        { nameof(Elsewhere), null, "none" },
        { nameof(InLambda), "None", "none" },
        { nameof(InLambda), "Otlp", "otlp" },
        { nameof(Elsewhere), "Emf", "emf" },
    };

    [Theory]
    [MemberData(nameof(Selections))]
    public void AddBridgeTelemetry_PicksTheExporter(string environment, string? exporter, string expected)
    {
        var services = Register(Environment(environment), exporter is null ? [] : new() { ["Bridge:Telemetry:Exporter"] = exporter });

        var emf = services.Any(d => d.ServiceType == typeof(ILambdaInvocationListener));
        var sdk = services.Any(d => d.ServiceType == typeof(MeterProvider));
        Assert.Equal(expected, emf ? "emf" : sdk ? "otlp" : "none");
    }

    [Fact]
    public void Start_InvalidTelemetrySettings_FailsNamingThem()
    {
        using var factory = new BridgeFactory();
        var settings = factory.Settings();
        settings["Bridge:Telemetry:EmfNamespace"] = "AWS/Lambda";
        settings["Bridge:Telemetry:Exporter"] = "Prometheus";

        var error = Assert.Throws<StartupFailedException>(() => ExchangeApplication.Create([], builder =>
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
        }));

        Assert.Contains(error.Problems, p => p.StartsWith("Bridge:Telemetry:EmfNamespace:", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("Bridge:Telemetry:Exporter: 'Prometheus' is not one of", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(nameof(InLambda), null, "json")]
    [InlineData(nameof(InLambda), "simple", "simple")]
    [InlineData(nameof(Elsewhere), null, null)]
    public void AddBridgeTelemetry_ConsoleFormatJsonInLambdaUnlessChosen(string environment, string? chosen, string? expected)
    {
        using var provider = Register(Environment(environment), new() { ["Logging:Console:FormatterName"] = chosen }).BuildServiceProvider();

        Assert.Equal(expected, provider.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName);
    }

    [Fact]
    public void JsonConsoleLine_IsOneJsonObjectWithTheEventIdAndNoToken()
    {
        using var provider = Register(InLambda, []).BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value;
        var formatter = provider.GetServices<ConsoleFormatter>().Single(f => f.Name == options.FormatterName);
        using var output = new StringWriter();
        using var meters = new Bridge.Testing.Telemetry.TestMeterFactory();
        var audit = new Bridge.ExchangeFunction.Endpoints.EdgeAudit(
            new Bridge.Authority.Telemetry.AuthorityMetrics(meters, TimeProvider.System), new FormattingLogger<Bridge.ExchangeFunction.Endpoints.EdgeAudit>(formatter, output));
        using var tokens = new BridgeFactory();
        var token = tokens.StsToken("Logged");
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/" + token;
        context.Request.QueryString = new("?subject_token=" + token);

        audit.Record(context.Request, Bridge.ExchangeFunction.Endpoints.EdgeRefusal.QueryParameters, 400);

        var line = Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        Assert.Equal(5040, json.RootElement.GetProperty("EventId").GetInt32());
        Assert.Equal("Warning", json.RootElement.GetProperty("LogLevel").GetString());
        Assert.Equal("QueryParameters", json.RootElement.GetProperty("State").GetProperty("Refusal").GetString());
        Assert.DoesNotContain(token, line, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[1], line, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[2], line, StringComparison.Ordinal);
    }

    [Fact]
    public void Emf_AsComposedInLambda_WritesTheExchangesOfTheInvocation()
    {
        using var output = new MemoryStream();
        using var provider = Register(InLambda, []).AddSingleton(new EmfOutput(output)).BuildServiceProvider();
        var flusher = Assert.Single(provider.GetServices<ILambdaInvocationListener>());
        var metrics = provider.GetRequiredService<Bridge.Authority.Telemetry.AuthorityMetrics>();
        foreach (var milliseconds in new[] { 3, 3, 20 })
        {
            metrics.RecordExchange("issued", "oidc", Bridge.Authority.Exchange.SvidKind.Jwt, TimeSpan.FromMilliseconds(milliseconds));
        }

        flusher.InvocationCompleted();

        var line = JsonDocument.Parse(System.Text.Encoding.UTF8.GetString(output.ToArray())).RootElement;
        Assert.Equal(3, line.GetProperty(Bridge.Authority.Telemetry.AuthorityMetrics.ExchangeRequestsName).GetDouble());
        Assert.Equal([0.003, 0.003, 0.02], line.GetProperty(Bridge.Authority.Telemetry.AuthorityMetrics.ExchangeDurationName).EnumerateArray().Select(v => v.GetDouble()));
        Assert.Empty(provider.GetServices<MeterProvider>());
    }

    private static Dictionary<string, string?> Environment(string name) => name switch
    {
        nameof(InLambda) => InLambda,
        nameof(WithOtlpEndpoint) => WithOtlpEndpoint,
        _ => Elsewhere,
    };

    private static ServiceCollection Register(Dictionary<string, string?> environment, Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddConsole());
        services.AddBridgeTelemetry(configuration, name => environment.GetValueOrDefault(name));
        return services;
    }

    /// <summary>A logger that writes each event through a console formatter, as the console logger would.</summary>
    private sealed class FormattingLogger<T>(ConsoleFormatter formatter, TextWriter output) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> format) =>
            formatter.Write(new Microsoft.Extensions.Logging.Abstractions.LogEntry<TState>(logLevel, typeof(T).FullName!, eventId, state, exception, format), null, output);
    }
}
