using Bridge.Agent.Workloads;

namespace Bridge.Agent.Tests.Workloads;

public sealed class ProcParsingTests
{
    private const string Tail = "S 1 100 100 0 -1 4194304 90 0 0 0 0 0 0 0 20 0 1 0 987654 8192000 256 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    [Theory]
    [InlineData("100 (sleep) " + Tail)]
    [InlineData("100 (a b c) " + Tail)]
    [InlineData("100 (x) 1 2 3) " + Tail)]
    [InlineData("100 ()) (() " + Tail)]
    [InlineData("100 () " + Tail)]
    [InlineData("100 (sleep) " + Tail + "\n")]
    public void ParseStartTime_AnyComm_ReadsField22(string stat) =>
        Assert.Equal(987654UL, ProcStat.ParseStartTime(stat));

    [Theory]
    [InlineData("")]
    [InlineData("100 sleep S 1")]
    [InlineData("100 (sleep) S 1 100")]
    [InlineData("100 (sleep) S 1 100 100 0 -1 4194304 90 0 0 0 0 0 0 0 20 0 1 0 -5 8192000")]
    [InlineData("100 )sleep( " + Tail)]
    public void ParseStartTime_NotAStatLine_IsNull(string stat) =>
        Assert.Null(ProcStat.ParseStartTime(stat));

    [Fact]
    public void ParseStartTime_OfThisProcess_IsTheSameEachTime()
    {
        var proc = new ProcFileSystem();

        Assert.Equal(proc.ReadStartTime(Environment.ProcessId), proc.ReadStartTime(Environment.ProcessId));
    }

    [Fact]
    public void ReadStatus_ManyTimesLongerThanOneReadBuffer_IsReadToTheEnd()
    {
        // 2,000 supplementary groups make a status of about 11 KB: the 4 KB read buffer must grow twice.
        var groups = Enumerable.Range(100_000, 2000).Select(g => (uint)g).ToArray();
        using var proc = new FakeProc();
        proc.AddProcess(4321, userId: 1000, groupId: 1000, groups: string.Join(' ', groups));

        var status = proc.Proc.ReadStatus(4321);

        Assert.Equal(1000u, status.EffectiveUserId);
        Assert.Equal(groups, status.SupplementaryGroupIds);
        Assert.EndsWith("VmPeak:\t    8192 kB\n", proc.Proc.Read(4321, "status"), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OfThisProcess_IsTheKernelsWholeText()
    {
        var proc = new ProcFileSystem();

        Assert.Equal(File.ReadAllText($"/proc/{Environment.ProcessId}/cmdline"), proc.Read(Environment.ProcessId, "cmdline"));
    }

    [Fact]
    public void ParseStatus_ReadsTheEffectiveIdsAndTheGroups()
    {
        var status = ProcStatus.Parse("Name:\tweb\nUid:\t1000\t1001\t1002\t1003\nGid:\t2000\t2001\t2002\t2003\nGroups:\t4 27 2001 \nVmRSS:\t 100 kB\n");

        Assert.NotNull(status);
        Assert.Equal(1001u, status.EffectiveUserId);
        Assert.Equal(2001u, status.EffectiveGroupId);
        Assert.Equal([4u, 27u, 2001u], status.SupplementaryGroupIds);
    }

    [Fact]
    public void ParseStatus_NoSupplementaryGroups_IsAnEmptyList() =>
        Assert.Empty(ProcStatus.Parse("Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nGroups:\t\n")!.SupplementaryGroupIds);

    [Theory]
    [InlineData("Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n")]
    [InlineData("Uid:\t0\t0\t0\nGid:\t0\t0\t0\t0\nGroups:\t\n")]
    [InlineData("Uid:\t0\tx\t0\t0\nGid:\t0\t0\t0\t0\nGroups:\t\n")]
    [InlineData("Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nGroups:\t1 -2\n")]
    public void ParseStatus_AMissingOrMalformedLine_IsNull(string status) =>
        Assert.Null(ProcStatus.Parse(status));

    [Fact]
    public void ParseStatus_ThousandsOfGroups_AreAllRead()
    {
        var groups = Enumerable.Range(1, 65_536).Select(g => (uint)g).ToArray();

        var status = ProcStatus.Parse($"Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nGroups:\t{string.Join(' ', groups)} \n");

        Assert.Equal(groups, status!.SupplementaryGroupIds);
    }
}
