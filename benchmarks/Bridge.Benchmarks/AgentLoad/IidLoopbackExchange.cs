extern alias exchange;

using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Attestors.AwsIid;
using Bridge.Spiffe.Id;
using Bridge.Testing.Aws.Ec2;
using exchange::Bridge.ExchangeFunction.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.Benchmarks.AgentLoad;

/// <summary>
/// What an agent on EC2 talks to, on loopback: the real exchange (<see cref="ExchangeApplication"/>, in-memory backends)
/// with its <c>aws_iid</c> node attestor trusting a test IID authority, and an IMDSv2 stand-in serving that authority's
/// signed instance identity document. Each <see cref="NewInstanceAsync"/> plays a new instance, so every agent start
/// attests afresh, and registers one workload entry under it.
/// </summary>
internal sealed class IidLoopbackExchange : IAsyncDisposable
{
    public const string TrustDomainName = "example.org";

    private readonly WebApplication _app;
    private int _instances;

    private IidLoopbackExchange(WebApplication app, string baseAddress, TestIidAuthority iid, FakeImdsServer imds)
    {
        _app = app;
        BaseAddress = baseAddress;
        Iid = iid;
        Imds = imds;
    }

    public string BaseAddress { get; }

    public TestIidAuthority Iid { get; }

    public FakeImdsServer Imds { get; }

    public static async Task<IidLoopbackExchange> StartAsync()
    {
        var iid = TestIidAuthority.Create(["us-east-1"]);
        var imds = await FakeImdsServer.StartAsync(iid);
        var baseAddress = $"http://127.0.0.1:{LoopbackExchange.FreeLoopbackPort()}";
        var settings = IidExchangeSettings.InMemory(baseAddress, TrustDomainName);
        var app = ExchangeApplication.Create([], builder =>
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(AwsIidCertificateTable.Create(iid.Certificates));
        });
        await app.StartAsync();
        return new IidLoopbackExchange(app, baseAddress, iid, imds);
    }

    /// <summary>
    /// Serves the document of a new instance from IMDS and registers an entry under its agent ID for callers running as
    /// <paramref name="userId"/> (<c>unix:uid:N</c>).
    /// </summary>
    public async Task NewInstanceAsync(uint userId)
    {
        var instanceId = $"i-{Interlocked.Increment(ref _instances):x17}";
        Imds.Document = new TestIidDocument { InstanceId = instanceId };
        var agentId = BridgeIds.Agent(TrustDomain.Parse(TrustDomainName), "aws_iid", [TestIidDocument.DefaultAccount, "us-east-1", instanceId]);
        var result = await _app.Services.GetRequiredService<IRegistrationStore>().CreateAsync(new RegistrationEntry
        {
            Id = "workload-" + instanceId,
            SpiffeId = $"spiffe://{TrustDomainName}/{instanceId}/workload",
            ParentId = agentId,
            Selectors = [new Selector("unix", $"uid:{userId}")],
            Audiences = ["ledger"],
        }, CancellationToken.None);
        if (result.Status != RegistrationWriteStatus.Succeeded)
        {
            throw new InvalidOperationException($"Could not register the workload of {instanceId}: {result.Status}");
        }
    }

    /// <summary>The agent's settings for this exchange and IMDS (the BridgeAgent section, without the prefix).</summary>
    public Dictionary<string, string> AgentSettings(string directory) => new(StringComparer.Ordinal)
    {
        ["ServerUrl"] = BaseAddress,
        ["TrustDomain"] = TrustDomainName,
        ["DataDirectory"] = Path.Combine(directory, "data"),
        ["NodeAttestor:ImdsEndpoint"] = Imds.BaseAddress.ToString(),
        ["WorkloadApi:SocketPath"] = "unix://" + Path.Combine(directory, "agent.sock"),
        ["Health:Listen"] = "127.0.0.1:0",
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Imds.DisposeAsync();
        Iid.Dispose();
    }
}
