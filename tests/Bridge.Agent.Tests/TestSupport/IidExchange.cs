using System.Net;
using System.Net.Sockets;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Nodes;
using Bridge.Abstractions.Registration;
using Bridge.Attestors.AwsIid;
using Bridge.ExchangeFunction.Hosting;
using Bridge.Spiffe.Id;
using Bridge.Testing.Aws.Ec2;
using Bridge.Testing.Aws.Sts;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Agent.Tests.TestSupport;

/// <summary>
/// The real exchange on a loopback port with local backends, its <c>aws_iid</c> node attestor trusting a test IID
/// authority, an IMDSv2 stand-in serving that authority's document, and a local STS whose web identity tokens the
/// exchange trusts (issuer profile <c>AwsSts</c>) for safe re-attestation. One <see cref="FakeTimeProvider"/> drives the
/// exchange and the agents started against it, so renewal can be played without waiting. The lab test reuses it.
/// </summary>
public sealed class IidExchange : IAsyncDisposable
{
    public const string TrustDomainName = "example.org";

    /// <summary>The exchange's OIDC attestor audience, which web identity tokens must carry.</summary>
    public const string StsAudience = "bridge";

    private readonly WebApplication _app;

    private IidExchange(WebApplication app, string baseAddress, TestIidAuthority iid, FakeImdsServer imds, FakeStsServer sts, FakeTimeProvider time)
    {
        _app = app;
        BaseAddress = baseAddress;
        Iid = iid;
        Imds = imds;
        Sts = sts;
        Time = time;
    }

    /// <summary>The service URL, which is also its issuer.</summary>
    public string BaseAddress { get; }

    public TestIidAuthority Iid { get; }

    public FakeImdsServer Imds { get; }

    public FakeStsServer Sts { get; }

    /// <summary>The clock of the exchange and of the agents: starts at the wall clock (whole seconds).</summary>
    public FakeTimeProvider Time { get; }

    public INodeStore Nodes => _app.Services.GetRequiredService<INodeStore>();

    public IRegistrationStore Registrations => _app.Services.GetRequiredService<IRegistrationStore>();

    /// <summary>The agent ID the default document attests to.</summary>
    public static SpiffeId AgentId { get; } =
        SpiffeId.Parse($"spiffe://{TrustDomainName}/bridge/agent/aws_iid/{TestIidDocument.DefaultAccount}/us-east-1/{TestIidDocument.DefaultInstanceId}");

    /// <summary>The instance's ARN, as STS puts it in <c>ec2_source_instance_arn</c>.</summary>
    public static string InstanceArn { get; } = $"arn:aws:ec2:us-east-1:{TestIidDocument.DefaultAccount}:instance/{TestIidDocument.DefaultInstanceId}";

    /// <summary>Starts everything; <paramref name="agentSvidTtl"/> is <c>Bridge:Agents:SvidTtl</c>.</summary>
    public static async Task<IidExchange> StartAsync(TimeSpan? agentSvidTtl = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        var iid = TestIidAuthority.Create(["us-east-1", "eu-west-1"]);
        var imds = await FakeImdsServer.StartAsync(iid).ConfigureAwait(false);
        var sts = await FakeStsServer.StartAsync(region: "us-east-1", timeProvider: time).ConfigureAwait(false);

        // The issuer URL must be known before the service starts (it is in every JWT-SVID), so reserve a port first.
        var baseAddress = $"http://127.0.0.1:{FreeLoopbackPort()}";
        var settings = IidExchangeSettings.InMemory(baseAddress, TrustDomainName);
        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["Bridge:Agents:SvidTtl"] = (agentSvidTtl ?? TimeSpan.FromHours(1)).ToString("c"),
            ["Bridge:Attestors:Oidc:Audience"] = StsAudience,
            ["Bridge:Attestors:Oidc:Issuers:0:Name"] = "aws-sts",
            ["Bridge:Attestors:Oidc:Issuers:0:Issuer"] = sts.Issuer,
            ["Bridge:Attestors:Oidc:Issuers:0:Profile"] = "AwsSts",
            ["Bridge:Attestors:Oidc:Issuers:0:AllowInsecureLoopbackHttp"] = "true",
            ["Bridge:Attestors:Oidc:Issuers:0:AllowedAccounts:0"] = FakeStsServer.DefaultAccount,
        })
        {
            settings[key] = value;
        }

        var app = ExchangeApplication.Create([], builder =>
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();

            // Registered before the exchange's own (TryAdd) registrations, so these win.
            builder.Services.AddSingleton<TimeProvider>(time);
            builder.Services.AddSingleton(AwsIidCertificateTable.Create(iid.Certificates));
        });
        await app.StartAsync().ConfigureAwait(false);
        return new IidExchange(app, baseAddress, iid, imds, sts, time);
    }

    /// <summary>Registers an entry under the default agent (parent = its agent ID) and returns it.</summary>
    public async Task<RegistrationEntry> RegisterUnderAgentAsync(string path, IReadOnlyList<Selector> selectors, IReadOnlyList<string>? audiences = null)
    {
        var entry = new RegistrationEntry
        {
            Id = Guid.NewGuid().ToString("N"),
            SpiffeId = $"spiffe://{TrustDomainName}/{path}",
            ParentId = AgentId,
            Selectors = selectors,
            Audiences = audiences ?? ["ledger"],
            DnsNames = [],
        };
        var result = await Registrations.CreateAsync(entry, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(RegistrationWriteStatus.Succeeded, result.Status);
        return entry;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await Imds.DisposeAsync().ConfigureAwait(false);
        await Sts.DisposeAsync().ConfigureAwait(false);
        Iid.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
