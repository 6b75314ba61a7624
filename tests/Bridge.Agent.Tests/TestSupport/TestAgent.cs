using System.Collections.Concurrent;
using Amazon.Runtime;
using Bridge.Agent.Hosting;
using Bridge.Agent.Node;
using Bridge.Agent.Server;
using Bridge.Testing.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Tests.TestSupport;

/// <summary>
/// The agent's node-attestation part as <c>AddAgentNodeAttestation</c> registers it, started against an
/// <see cref="IidExchange"/> (or any server) with a data directory, the exchange's clock, and a record of every call it
/// makes to the server (<c>"POST /agent/v1/attest 200"</c>).
/// </summary>
public sealed class TestAgent : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private readonly DelayObservingTimeProvider? _clock;

    private TestAgent(ServiceProvider services, ConcurrentQueue<string> calls, DelayObservingTimeProvider? clock)
    {
        _services = services;
        Calls = calls;
        _clock = clock;
    }

    public ConcurrentQueue<string> Calls { get; }

    /// <summary>The agent's services.</summary>
    public IServiceProvider Services => _services;

    internal AgentIdentityService Identity => _services.GetRequiredService<AgentIdentityService>();

    /// <summary>The current agent SVID's serial (lowercase hex), or null.</summary>
    public string? Serial => Identity.Credentials?.SerialNumber;

    internal AgentCredentials Credentials => Identity.Credentials ?? throw new InvalidOperationException("Not attested.");

    /// <summary>The Unix mode of <paramref name="path"/>.</summary>
    public static UnixFileMode ModeOf(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException();
        }

        return File.GetUnixFileMode(path);
    }

    public IAgentIdentity State => _services.GetRequiredService<IAgentIdentity>();

    public IAgentServerClient Client => _services.GetRequiredService<IAgentServerClient>();

    internal AgentIdentityStore Store => _services.GetRequiredService<AgentIdentityStore>();

    /// <summary>The calls whose line starts with <paramref name="prefix"/> (e.g. <c>"POST /agent/v1/attest"</c>).</summary>
    public IReadOnlyList<string> CallsTo(string prefix) => [.. Calls.Where(c => c.StartsWith(prefix, StringComparison.Ordinal))];

    /// <summary>Builds the agent's node part; <see cref="StartAsync"/> starts it.</summary>
    public static TestAgent Create(
        IidExchange exchange, string dataDirectory, IDictionary<string, string?>? settings = null, string? serverUrl = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var values = new Dictionary<string, string?>
        {
            ["BridgeAgent:ServerUrl"] = serverUrl ?? exchange.BaseAddress,
            ["BridgeAgent:TrustDomain"] = IidExchange.TrustDomainName,
            ["BridgeAgent:DataDirectory"] = dataDirectory,
            ["BridgeAgent:NodeAttestor:ImdsEndpoint"] = exchange.Imds.BaseAddress.ToString(),
            ["BridgeAgent:NodeAttestor:StsEndpoint"] = exchange.Sts.ServiceUrl.ToString(),
            ["BridgeAgent:NodeAttestor:WebIdentityTokenAudience"] = IidExchange.StsAudience,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var calls = new ConcurrentQueue<string>();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug));
        var clock = time is null ? new DelayObservingTimeProvider(exchange.Time) : null;
        services.AddSingleton(time ?? clock!);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOptions<AgentOptions>().Bind(configuration.GetSection(AgentOptions.SectionName));
        services.AddAgentNodeAttestation(configuration);
        services.AddHttpClient(AgentApiTransport.HttpClientName).AddHttpMessageHandler(() => new RecordingHandler(calls));

        // The fake STS checks that a request is signed, not by whom.
        services.AddSingleton(sp => new AgentStsClientFactory(sp.GetRequiredService<IOptions<NodeAttestorOptions>>(), new BasicAWSCredentials("AKIDEXAMPLE", "secret")));
        return new TestAgent(services.BuildServiceProvider(), calls, clock);
    }

    /// <summary>Starts the identity service (checks the data directory, loads or attests).</summary>
    public Task StartAsync() => Identity.StartAsync(TestContext.Current.CancellationToken);

    /// <summary>Starts and waits for the first agent SVID.</summary>
    public async Task<TestAgent> StartAndWaitAsync()
    {
        await StartAsync();
        await Identity.Ready.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        return this;
    }

    /// <summary>
    /// Waits until the agent is waiting on the exchange's clock (for its renewal time or a backoff), then advances that
    /// clock by <paramref name="by"/>. Advanced before the wait began, the clock would move under a timer not yet set,
    /// and the timer would then wait for a time the test never reaches.
    /// </summary>
    public async Task AdvanceWhenWaitingAsync(TimeSpan by)
    {
        var clock = _clock ?? throw new InvalidOperationException("The agent was built with a clock of the test's own.");
        await EventuallyAsync(() => clock.PendingDelays > 0, "the agent to wait on its clock");
        clock.Clock.Advance(by);
    }

    /// <summary>Waits (in real time, bounded) until <paramref name="condition"/> holds; never a timing assertion.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Gave up waiting: " + what);
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Identity.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }

    private sealed class RecordingHandler(ConcurrentQueue<string> calls) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            calls.Enqueue($"{request.Method} {request.RequestUri!.AbsolutePath} {(int)response.StatusCode}");
            return response;
        }
    }
}
