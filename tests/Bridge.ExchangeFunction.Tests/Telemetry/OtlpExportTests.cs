using System.Text;
using System.Threading.Channels;
using Bridge.Authority.Telemetry;
using Bridge.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Bridge.ExchangeFunction.Tests.Telemetry;

/// <summary>
/// Outside Lambda, with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, the metrics reach an OTLP receiver: here a loopback
/// HTTP one that records what is posted to <c>/v1/metrics</c>.
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task OtlpEndpointSet_MetricsPostedToTheReceiver()
    {
        var received = Channel.CreateUnbounded<(string? ContentType, byte[] Body)>();
        var builder = LoopbackWebApplication.CreateBuilder();
        await using var receiver = builder.Build();
        receiver.MapPost("/v1/metrics", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Writer.TryWrite((context.Request.ContentType, body.ToArray()));
            return Results.Ok();
        });
        await receiver.StartAsync(TestContext.Current.CancellationToken);
        var endpoint = LoopbackWebApplication.BaseAddress(receiver).ToString().TrimEnd('/');

        // The OTLP exporter reads the standard variables through the configuration, as the host's does from the
        // environment; over http/protobuf it posts to {endpoint}/v1/metrics.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        using var meters = new Bridge.Testing.Telemetry.TestMeterFactory();
        services.AddSingleton(new AuthorityMetrics(meters, TimeProvider.System));
        services.AddBridgeTelemetry(configuration, name => name == "OTEL_EXPORTER_OTLP_ENDPOINT" ? endpoint : null);
        await using var provider = services.BuildServiceProvider();
        var meterProvider = provider.GetRequiredService<MeterProvider>();

        provider.GetRequiredService<AuthorityMetrics>().RecordEdgeRefusal("otlp_probe");
        Assert.True(meterProvider.ForceFlush());

        var (contentType, body) = await received.Reader.ReadAsync(TestContext.Current.CancellationToken);
        Assert.Equal("application/x-protobuf", contentType);
        var text = Encoding.UTF8.GetString(body);
        Assert.Contains(AuthorityMetrics.ExchangeRequestsName, text, StringComparison.Ordinal);
        Assert.Contains("otlp_probe", text, StringComparison.Ordinal);
        Assert.Contains("bridge-exchange", text, StringComparison.Ordinal);
    }
}
