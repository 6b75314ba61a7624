using System.Text.Json;

namespace Bridge.ExchangeFunction.Tests.Lambda;

/// <summary>
/// Replays every file of <c>events/</c> through the published Native AOT <c>bootstrap</c> process, with the same checks
/// as the in-process <see cref="SampleEventReplayTests"/>: what is trimmed away or fails only under AOT shows up here.
/// Skipped (never passed) when <see cref="BootstrapExchangeHost.PathVariable"/> is not set.
/// </summary>
public sealed class BootstrapReplayTests(BootstrapExchangeHost host) : IClassFixture<BootstrapExchangeHost>
{
    /// <summary>Every event file, by name.</summary>
    public static TheoryData<string> EventNames => SampleEventExpectations.EventNames;

    [Theory]
    [MemberData(nameof(EventNames))]
    public async Task Replay_Event_AnsweredByTheAotBootstrap(string name)
    {
        SkipUnlessAvailable();
        var sampleEvent = SampleEvent.Load(name);

        var response = await host.InvokeAsync(sampleEvent);

        await SampleEventExpectations.CheckAsync(host, sampleEvent, response);
        Assert.Empty(host.Runtime.InitErrors);
    }

    [Fact]
    public async Task Replay_EventNotHttpApi_AnsweredWithInvalidEventError()
    {
        SkipUnlessAvailable();

        var result = await host.InvokeRawAsync("""{"version":"1.0","httpMethod":"GET","path":"/keys"}""");

        Assert.True(result.IsError);
        Assert.Equal("Runtime.InvalidEvent", result.ErrorType);
        using var error = JsonDocument.Parse(result.Body);
        Assert.Equal("InvalidEvent", error.RootElement.GetProperty("errorType").GetString());
        Assert.NotEmpty(error.RootElement.GetProperty("errorMessage").GetString()!);
    }

    [Fact]
    public async Task Invoke_TokenExchange_TheAotBootstrapWritesItsEmfLine()
    {
        SkipUnlessAvailable();

        // A process of its own: the shared one's captured output may already be full of other replays' logs.
        await using var own = new BootstrapExchangeHost();
        await own.InitializeAsync();
        Assert.Equal(200, (await own.InvokeAsync("token-jwt-svid")).StatusCode);

        // The line is written right after the response is posted: wait for it, bounded.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? emf;
        while ((emf = EmfLine(own.Process.Output)) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.True(emf is not null, "No EMF line. Output:\n" + own.Process.Output);
        using var line = JsonDocument.Parse(emf);
        Telemetry.EmfMetricExporterTests.AssertSpecShape(line.RootElement);
        Assert.Equal(1, line.RootElement.GetProperty("bridge.exchange.requests").GetDouble());
        Assert.Equal(JsonValueKind.Number, line.RootElement.GetProperty("bridge.exchange.duration").ValueKind);

        static string? EmfLine(string output) => output.Split('\n')
            .FirstOrDefault(l => l.StartsWith("{\"_aws\"", StringComparison.Ordinal) && l.Contains("\"outcome\":\"issued\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_OtlpExporterChosen_RefusedByTheBootstrapBuiltWithoutIt()
    {
        SkipUnlessAvailable();

        await using var own = new BootstrapExchangeHost(new() { ["Bridge__Telemetry__Exporter"] = "Otlp" });
        await own.InitializeAsync();
        await own.Process.Exited.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(2, own.Process.ExitCode);
        Assert.Contains("Otlp is not in this build", own.Process.Output, StringComparison.Ordinal);
    }

    private void SkipUnlessAvailable()
    {
        if (!host.IsAvailable)
        {
            Assert.Skip(BootstrapExchangeHost.SkipReason);
        }
    }
}
