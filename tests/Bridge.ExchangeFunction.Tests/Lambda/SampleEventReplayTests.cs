using System.Text.Json.Nodes;

namespace Bridge.ExchangeFunction.Tests.Lambda;

/// <summary>
/// Replays every file of <c>events/</c> through the real hosting loop (Lambda Runtime API fake → LambdaServer → the
/// exchange application) and checks each response. A file added to the folder is replayed automatically with the
/// checks every response must pass; the named events of <see cref="SampleEventExpectations"/> also get their own.
/// </summary>
public sealed class SampleEventReplayTests(LambdaExchangeHost host) : IClassFixture<LambdaExchangeHost>
{
    /// <summary>Every event file, by name.</summary>
    public static TheoryData<string> EventNames => SampleEventExpectations.EventNames;

    [Fact]
    public void Folder_HoldsTheDocumentedEvents()
    {
        Assert.Superset(SampleEventExpectations.Documented.ToHashSet(StringComparer.Ordinal), SampleEvent.Names.ToHashSet(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(EventNames))]
    public void Event_IsHttpApiPayload2WithKnownPlaceholders(string name)
    {
        var sampleEvent = SampleEvent.Load(name);
        var root = JsonNode.Parse(sampleEvent.Json)!;

        Assert.Equal("2.0", root["version"]?.GetValue<string>());
        Assert.Equal(root["rawPath"]?.GetValue<string>(), root["requestContext"]?["http"]?["path"]?.GetValue<string>());
        Assert.NotNull(root["requestContext"]?["http"]?["method"]);
        Assert.All(sampleEvent.Placeholders, placeholder => Assert.Contains(placeholder, SampleEvent.KnownPlaceholders));
    }

    [Theory]
    [MemberData(nameof(EventNames))]
    public async Task Replay_Event_AnsweredThroughTheHostingLoop(string name)
    {
        var sampleEvent = SampleEvent.Load(name);

        var response = await host.InvokeAsync(sampleEvent);

        await SampleEventExpectations.CheckAsync(host, sampleEvent, response);
    }
}
