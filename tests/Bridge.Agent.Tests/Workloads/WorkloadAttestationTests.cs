using Bridge.Agent.Workloads;
using Bridge.Testing.Logging;

namespace Bridge.Agent.Tests.Workloads;

public sealed class WorkloadAttestationTests
{
    [Fact]
    public async Task Attest_ARealProcess_ReturnsTheUnionOfEveryAttestorDistinctAndSortedOrdinally()
    {
        using var child = ChildProcess.Start();
        var attestation = Composite(new ProcFileSystem(), WorkloadTestKit.Unix(), new StubAttestor("b:z", "unix:uid:0", "B:a"));

        var selectors = await attestation.AttestAsync(new PeerCredentials(child.Id, 0, 0), TestContext.Current.CancellationToken);

        Assert.Equal(selectors.Distinct().Order(StringComparer.Ordinal), selectors);
        Assert.Equal(1, selectors.Count(s => s == "unix:uid:0"));
        Assert.Contains("B:a", selectors);
        Assert.Contains("unix:path:/usr/bin/sleep", selectors);
    }

    [Fact]
    public async Task Attest_ACallerThatExitsMidAttestation_IsRefused()
    {
        using var child = ChildProcess.Start();
        var logger = new CapturingLogger<WorkloadAttestation>();

        // The first attestor reads the live process; the hook then kills it before the composite looks again.
        var attestation = Composite(new ProcFileSystem(), logger, WorkloadTestKit.Unix(), new StubAttestor(child.Kill, "x:y"));

        var error = await Assert.ThrowsAsync<WorkloadAttestationException>(
            () => attestation.AttestAsync(new PeerCredentials(child.Id, 0, 0), TestContext.Current.CancellationToken).AsTask());

        Assert.Contains($"pid {child.Id} has exited", error.Message, StringComparison.Ordinal);
        Assert.Contains(logger.Entries, e => e.StartsWith("Warning 8200 Workload attestation refused for pid " + child.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Attest_WhenThePidNamesAnotherProcessAfterTheAttestors_IsRefused()
    {
        using var proc = new FakeProc();
        proc.AddProcess(400, startTime: 1000);

        // A reused PID: the same number, a process started later.
        var attestation = Composite(proc.Proc, new StubAttestor(() => proc.SetStartTime(400, 2000), "unix:uid:0"));

        var error = await Assert.ThrowsAsync<WorkloadAttestationException>(
            () => attestation.AttestAsync(new PeerCredentials(400, 0, 0), TestContext.Current.CancellationToken).AsTask());

        Assert.Contains("pid 400 now names another process", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5000UL, 4000UL, false)]
    [InlineData(4000UL, 4000UL, true)]
    [InlineData(3000UL, 4000UL, true)]
    public async Task Attest_AProcessThatStartedAfterTheCallerConnected_IsAReusedPidAndRefused(ulong startTime, ulong connectedAt, bool attested)
    {
        using var proc = new FakeProc();
        proc.AddProcess(402, startTime: startTime);
        var attestor = new StubAttestor("unix:uid:0");

        var attest = Composite(proc.Proc, attestor).AttestAsync(new PeerCredentials(402, 0, 0, connectedAt), TestContext.Current.CancellationToken).AsTask();

        if (attested)
        {
            Assert.Equal(["unix:uid:0"], await attest);
        }
        else
        {
            var error = await Assert.ThrowsAsync<WorkloadAttestationException>(() => attest);
            Assert.Contains("started after the caller connected", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Uptime_IsInTheClockOfStartTimes_AndAfterThisProcessStarted()
    {
        var proc = new ProcFileSystem();

        var now = proc.ReadUptimeTicks();

        Assert.NotNull(now);
        Assert.True(proc.ReadStartTime(Environment.ProcessId) <= now);
    }

    [Fact]
    public async Task Attest_WhenTheStartTimeStaysTheSame_Succeeds()
    {
        using var proc = new FakeProc();
        proc.AddProcess(401, startTime: 1000);

        var selectors = await Composite(proc.Proc, new StubAttestor(() => proc.SetStartTime(401, 1000), "unix:uid:0"))
            .AttestAsync(new PeerCredentials(401, 0, 0), TestContext.Current.CancellationToken);

        Assert.Equal(["unix:uid:0"], selectors);
    }

    [Theory]
    [InlineData(int.MaxValue, "has exited")]
    [InlineData(0, "not visible to the agent")]
    [InlineData(-1, "not visible to the agent")]
    public async Task Attest_APidThatDoesNotExist_IsRefusedBeforeAnyAttestorRuns(int processId, string reason)
    {
        var attestor = new StubAttestor("x:y");

        var error = await Assert.ThrowsAsync<WorkloadAttestationException>(
            () => Composite(new ProcFileSystem(), attestor).AttestAsync(new PeerCredentials(processId, 0, 0), TestContext.Current.CancellationToken).AsTask());

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, attestor.Calls);
    }

    [Theory]
    [InlineData(1000u, 0u)]
    [InlineData(0u, 1000u)]
    public async Task Attest_AProcessNoLongerRunningAsTheUserItConnectedAs_IsRefused(uint userId, uint groupId)
    {
        using var child = ChildProcess.Start();

        var error = await Assert.ThrowsAsync<WorkloadAttestationException>(
            () => Composite(new ProcFileSystem(), new StubAttestor("x:y")).AttestAsync(new PeerCredentials(child.Id, userId, groupId), TestContext.Current.CancellationToken).AsTask());

        Assert.Contains($"not as uid {userId} gid {groupId} it connected with", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_WhenAnAttestorFailsUnexpectedly_RefusesTheCallerWithoutThrowingAnythingElse()
    {
        using var child = ChildProcess.Start();
        var attestation = Composite(new ProcFileSystem(), new StubAttestor(() => throw new InvalidOperationException("bug")));

        var error = await Assert.ThrowsAsync<WorkloadAttestationException>(
            () => attestation.AttestAsync(new PeerCredentials(child.Id, 0, 0), TestContext.Current.CancellationToken).AsTask());

        Assert.Contains("an attestor failed unexpectedly (InvalidOperationException)", error.Message, StringComparison.Ordinal);
    }

    private static WorkloadAttestation Composite(ProcFileSystem proc, params IWorkloadAttestor[] attestors) =>
        Composite(proc, new CapturingLogger<WorkloadAttestation>(), attestors);

    private static WorkloadAttestation Composite(ProcFileSystem proc, CapturingLogger<WorkloadAttestation> logger, params IWorkloadAttestor[] attestors) =>
        new(attestors, proc, logger);

    /// <summary>An attestor that runs a hook (the test's way in between the composite's two looks) and returns fixed selectors.</summary>
    private sealed class StubAttestor(Action? hook, params string[] selectors) : IWorkloadAttestor
    {
        public StubAttestor(params string[] selectors)
            : this(null, selectors)
        {
        }

        public int Calls { get; private set; }

        public string Name => "stub";

        public ValueTask<IReadOnlyList<string>> AttestAsync(PeerCredentials caller, CancellationToken cancellationToken)
        {
            Calls++;
            hook?.Invoke();
            return ValueTask.FromResult<IReadOnlyList<string>>(selectors);
        }
    }
}
