using Bridge.Attestors.AwsIid;
using Bridge.Cli.Demo;
using Bridge.Cli.Dev;
using Bridge.Spiffe.Id;
using Bridge.Testing.Aws.Ec2;

namespace Bridge.Cli.Tests.Demo;

/// <summary>
/// The lab of issue 12, automated: the real exchange on loopback trusting an instance identity authority this test
/// makes, an IMDSv2 stand-in serving that authority's signed document, the real agent on a Unix socket, and workloads
/// as separate processes under uids 1001, 1002 (registered) and 1003 (not). Needs root (CI runs as root): skipped,
/// never passed, without it.
/// </summary>
public sealed class AgentLabTests : IAsyncLifetime
{
    private const string Account = "111122223333";
    private static readonly TrustDomain TrustDomain = TrustDomain.Parse(DemoExchangeHost.TrustDomain);
    private static readonly SpiffeId AgentId = SpiffeId.Parse(
        $"spiffe://{DemoExchangeHost.TrustDomain}/bridge/agent/aws_iid/{Account}/us-east-1/{TestIidDocument.DefaultInstanceId}");

    private readonly TestIidAuthority _authority = TestIidAuthority.Create(["us-east-1"]);
    private readonly TestIidDocument _document = new() { AccountId = Account };
    private LocalStsIssuer _sts = null!;
    private FakeImdsServer _imds = null!;
    private DemoExchangeHost _exchange = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _sts = await LocalStsIssuer.StartAsync(TimeProvider.System, Ct);
        _imds = await FakeImdsServer.StartAsync(_authority, _document);
        _exchange = await DemoExchangeHost.StartAsync(_sts.Issuer, verbose: false, Ct, AwsIidCertificateTable.Create(_authority.Certificates), Account);
    }

    public async ValueTask DisposeAsync()
    {
        await _exchange.DisposeAsync();
        await _imds.DisposeAsync();
        await _sts.DisposeAsync();
        _authority.Dispose();
    }

    [Fact]
    public async Task TwoRegisteredWorkloads_GetTheirOwnSvidsAndCompleteMutualTls_TheUnregisteredOneIsRefusedTwice()
    {
        SkipUnlessRoot();

        var steps = await RunLabAsync(TimeSpan.FromSeconds(60));

        Assert.All(steps, s => Assert.True(s.Passed, $"{s.Name}: {s.Detail}"));
        Assert.Equal(AgentId.ToString(), Step(steps, "Agent: attest the instance").Detail);
        Assert.Equal(AgentLab.IdOf(TrustDomain, "workload-a").ToString(), Step(steps, "uid 1001: X.509-SVID").Detail);
        Assert.Equal(AgentLab.IdOf(TrustDomain, "workload-b").ToString(), Step(steps, "uid 1002: X.509-SVID").Detail);
        Assert.StartsWith("server saw " + AgentLab.IdOf(TrustDomain, "workload-b") + ";", Step(steps, "uid 1001 ↔ uid 1002").Detail, StringComparison.Ordinal);
        Assert.Contains("PermissionDenied", Step(steps, "DENY unregistered uid 1003").Detail, StringComparison.Ordinal);
        Assert.Equal("refused: the client presented no certificate", Step(steps, "DENY uid 1003 connects").Detail);
    }

    [Fact]
    public async Task ForgedInstanceIdentity_TheAgentNeverAttests_AndNoWorkloadGetsAnIdentity()
    {
        SkipUnlessRoot();
        using var other = TestIidAuthority.Create(["us-east-1"]);
        _imds.Rsa2048Override = other.Sign(_document);

        // Short bounds: the agent is expected never to become ready.
        var steps = await RunLabAsync(TimeSpan.FromSeconds(5));

        Assert.False(Step(steps, "Agent: attest the instance").Passed);
        Assert.False(Step(steps, "uid 1001: X.509-SVID").Passed);
        Assert.False(Step(steps, "uid 1002: X.509-SVID").Passed);
        Assert.False(Step(steps, "uid 1001 ↔ uid 1002").Passed);
    }

    private static void SkipUnlessRoot() =>
        Assert.SkipUnless(OperatingSystem.IsLinux() && WorkloadProcess.CanSwitchUsers, "Workloads under other uids need root and setpriv (CI runs as root).");

    private static DemoStep Step(IReadOnlyList<DemoStep> steps, string prefix) =>
        Assert.Single(steps, s => s.Name.StartsWith(prefix, StringComparison.Ordinal));

    private async Task<IReadOnlyList<DemoStep>> RunLabAsync(TimeSpan readyDeadline)
    {
        using var http = new HttpClient();
        var bundle = await http.GetStringAsync(new Uri(_exchange.BaseAddress + "/bundle"), Ct);
        var steps = new List<DemoStep>();
        await new AgentLab(steps.Add, readyDeadline).RunAsync(
            new AgentLab.Setup(_exchange.BaseAddress, _exchange.Registrations, TrustDomain, _imds.BaseAddress, AgentId, bundle), verbose: false, Ct);
        return steps;
    }
}
