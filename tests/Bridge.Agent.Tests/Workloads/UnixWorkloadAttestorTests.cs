using Bridge.Agent.Workloads;
using Bridge.Agent.Workloads.Unix;
using Bridge.Testing.Logging;

namespace Bridge.Agent.Tests.Workloads;

public sealed class UnixWorkloadAttestorTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("bridge-unix-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Attest_ARealProcess_GivesItsUserGroupNamesPathAndTheDigestOfItsExecutable()
    {
        using var child = ChildProcess.Start();

        var selectors = await WorkloadTestKit.Unix().AttestAsync(child.Id);

        // The child inherits the test runner's supplementary groups, whatever they are here; they have their own test.
        Assert.Equal(
            ["unix:uid:0", "unix:gid:0", "unix:user:root", "unix:group:root", "unix:path:/usr/bin/sleep", "unix:sha256:" + WorkloadTestKit.Sha256Of("/usr/bin/sleep")],
            selectors.Where(s => !s.StartsWith("unix:supplementary_", StringComparison.Ordinal)).ToList());
    }

    [Fact]
    public async Task Attest_UsesTheUidAndGidTheKernelGaveAtConnect_NotProc()
    {
        using var proc = new FakeProc();
        proc.AddProcess(300, userId: 0, groupId: 0);

        var selectors = await WorkloadTestKit.Unix(proc.Proc).AttestAsync(300, userId: 1000, groupId: 1000);

        Assert.Contains("unix:uid:1000", selectors);
        Assert.Contains("unix:gid:1000", selectors);
        Assert.DoesNotContain("unix:uid:0", selectors);
    }

    [Fact]
    public async Task Attest_ARealProcessWithSupplementaryGroups_GivesEachIdAndName()
    {
        using var child = ChildProcess.Start("/usr/bin/sleep", "setpriv", "--groups", "4,27,424242", "--");

        var selectors = await WorkloadTestKit.Unix().AttestAsync(child.Id);

        Assert.Contains("unix:supplementary_gid:4", selectors);
        Assert.Contains("unix:supplementary_group:adm", selectors);
        Assert.Contains("unix:supplementary_gid:27", selectors);
        Assert.Contains("unix:supplementary_group:sudo", selectors);
        Assert.Contains("unix:supplementary_gid:424242", selectors);
        Assert.Equal(2, selectors.Count(s => s.StartsWith("unix:supplementary_group:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Attest_NamesFromTheAccountFiles_FirstLineWinsAndUnknownIdsHaveNoName()
    {
        using var proc = new FakeProc();
        proc.AddProcess(301, userId: 1000, groupId: 1000, groups: "1000 2000 3000");
        var etc = Directory.CreateDirectory(Path.Combine(_directory.FullName, "etc")).FullName;
        File.WriteAllText(Path.Combine(etc, "passwd"), "# comment\nroot:x:0:0:root:/root:/bin/bash\nweb:x:1000:1000::/home/web:/bin/sh\nshadow-web:x:1000:1000::/:/bin/false\nbroken line\n+:::::: \n");
        File.WriteAllText(Path.Combine(etc, "group"), "web:x:1000:\ndocker:x:2000:web\nalso-docker:x:2000:\n");

        var selectors = await WorkloadTestKit.Unix(proc.Proc, accounts: new UnixAccountNames(etc)).AttestAsync(301, 1000, 1000);

        Assert.Equal(
            ["unix:uid:1000", "unix:gid:1000", "unix:user:web", "unix:group:web",
             "unix:supplementary_gid:1000", "unix:supplementary_group:web", "unix:supplementary_gid:2000", "unix:supplementary_group:docker", "unix:supplementary_gid:3000",
             "unix:path:/usr/bin/sleep", "unix:sha256:" + WorkloadTestKit.Sha256Of("/usr/bin/sleep")],
            selectors);
    }

    [Fact]
    public async Task Attest_AfterTheAccountFileChanges_ReadsTheNewName()
    {
        using var proc = new FakeProc();
        proc.AddProcess(302, userId: 1000, groupId: 1000);
        var etc = Directory.CreateDirectory(Path.Combine(_directory.FullName, "etc")).FullName;
        File.WriteAllText(Path.Combine(etc, "passwd"), "web:x:1000:1000::/:/bin/sh\n");
        File.WriteAllText(Path.Combine(etc, "group"), string.Empty);
        var attestor = WorkloadTestKit.Unix(proc.Proc, accounts: new UnixAccountNames(etc));
        Assert.Contains("unix:user:web", await attestor.AttestAsync(302, 1000, 1000));

        File.WriteAllText(Path.Combine(etc, "passwd"), "renamed-web:x:1000:1000::/:/bin/sh\n");

        var selectors = await attestor.AttestAsync(302, 1000, 1000);
        Assert.Contains("unix:user:renamed-web", selectors);
        Assert.DoesNotContain("unix:user:web", selectors);
    }

    [Fact]
    public async Task Attest_TheSameExecutableAgain_HashesItOnce()
    {
        using var child = ChildProcess.Start();
        var digests = WorkloadTestKit.Digests();
        var attestor = WorkloadTestKit.Unix(digests: digests);

        var first = await attestor.AttestAsync(child.Id);
        var second = await attestor.AttestAsync(child.Id);

        Assert.Equal(first, second);
        Assert.Equal(1, digests.HashCount);
    }

    [Fact]
    public async Task Attest_AfterTheExecutableIsRewrittenInPlace_HashesTheNewContent()
    {
        using var proc = new FakeProc();
        var executable = Path.Combine(_directory.FullName, "app");
        File.WriteAllText(executable, "version 1");
        proc.AddProcess(303, executable: executable);
        var digests = WorkloadTestKit.Digests();
        var attestor = WorkloadTestKit.Unix(proc.Proc, digests: digests);
        Assert.Contains("unix:sha256:" + WorkloadTestKit.Sha256Of(executable), await attestor.AttestAsync(303));

        // Same inode, same size: only the content and the times differ.
        File.WriteAllText(executable, "version 2");

        Assert.Contains("unix:sha256:" + WorkloadTestKit.Sha256Of(executable), await attestor.AttestAsync(303));
        Assert.Equal(2, digests.HashCount);
    }

    [Fact]
    public async Task Attest_AnExecutableOverTheSizeLimit_GivesNoDigestAndLogsItOnce()
    {
        using var child = ChildProcess.Start();
        var logger = new CapturingLogger<UnixWorkloadAttestor>();
        var attestor = WorkloadTestKit.Unix(configure: o => o.Unix.HashMaxBytes = 1024, logger: logger);

        var selectors = await attestor.AttestAsync(child.Id);
        await attestor.AttestAsync(child.Id);

        Assert.DoesNotContain(selectors, s => s.StartsWith("unix:sha256:", StringComparison.Ordinal));
        Assert.Contains("unix:path:/usr/bin/sleep", selectors);
        var entry = Assert.Single(logger.Entries, e => e.Contains(" 8202 ", StringComparison.Ordinal));
        Assert.Contains("more than Unix:HashMaxBytes (1024)", entry, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_WithHashingOff_GivesNoDigest()
    {
        using var child = ChildProcess.Start();

        var selectors = await WorkloadTestKit.Unix(configure: o => o.Unix.HashExecutable = false).AttestAsync(child.Id);

        Assert.DoesNotContain(selectors, s => s.StartsWith("unix:sha256:", StringComparison.Ordinal));
        Assert.Contains("unix:path:/usr/bin/sleep", selectors);
    }

    [Fact]
    public async Task Attest_AnExecutableReplacedOnDisk_HashesTheRunningBinaryAndGivesNoPath()
    {
        var path = WorkloadTestKit.CopyOfSleep(_directory.FullName);
        var original = WorkloadTestKit.Sha256Of(path);
        using var child = ChildProcess.Start(path);
        var logger = new CapturingLogger<UnixWorkloadAttestor>();

        // An upgrade as package managers do it: a new file renamed over the old one.
        var replacement = Path.Combine(_directory.FullName, "new");
        File.WriteAllText(replacement, "#!/bin/sh\necho not the running code\n");
        File.Move(replacement, path, overwrite: true);

        var selectors = await WorkloadTestKit.Unix(logger: logger).AttestAsync(child.Id);

        Assert.Contains("unix:sha256:" + original, selectors);
        Assert.DoesNotContain(selectors, s => s.StartsWith("unix:path:", StringComparison.Ordinal));
        Assert.Contains(logger.Entries, e => e.Contains(" 8203 ", StringComparison.Ordinal) && e.Contains(path + " (deleted)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Attest_AnExecutableWhoseNameEndsInDeleted_KeepsItsPath()
    {
        var path = WorkloadTestKit.CopyOfSleep(_directory.FullName, "app (deleted)");
        using var child = ChildProcess.Start(path);

        var selectors = await WorkloadTestKit.Unix().AttestAsync(child.Id);

        Assert.Contains("unix:path:" + path, selectors);
    }

    [Fact]
    public async Task Attest_WhenDisabled_GivesNothing()
    {
        using var child = ChildProcess.Start();

        Assert.Empty(await WorkloadTestKit.Unix(configure: o => o.Unix.Enabled = false).AttestAsync(child.Id));
    }

    [Fact]
    public async Task Attest_AProcessThatDoesNotExist_Refuses()
    {
        var error = await Assert.ThrowsAsync<WorkloadAttestationException>(() => WorkloadTestKit.Unix().AttestAsync(int.MaxValue));

        Assert.Contains("has exited", error.Message, StringComparison.Ordinal);
    }
}
