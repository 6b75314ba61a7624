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

    private void SkipUnlessAvailable()
    {
        if (!host.IsAvailable)
        {
            Assert.Skip(BootstrapExchangeHost.SkipReason);
        }
    }
}
