using System.Runtime.Versioning;
using System.Text;
using Bridge.Abstractions;
using Bridge.Authority.Local.State;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Tests.State;

public sealed class FileAuthorityStateStoreTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("bridge-state-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string StateDirectory => Path.Combine(_root.FullName, "state");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task TryWrite_FirstWrite_CreatesOwnerOnlyDirectoryAndFiles()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        await Store().TryWriteAsync("jwt-keys", Encoding.UTF8.GetBytes("{}"), 0, Ct);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(StateDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(StateDirectory, "jwt-keys.state")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(StateDirectory, "jwt-keys.lock")));
        Assert.DoesNotContain(Directory.EnumerateFiles(StateDirectory), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Operations_DirectoryWritableByOthers_Throw()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        Directory.CreateDirectory(StateDirectory);
        File.SetUnixFileMode(StateDirectory, (UnixFileMode)0x1FF);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Store().TryWriteAsync("jwt-keys", new byte[] { 1 }, 0, Ct));

        Assert.Contains("chmod 700", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_MissingDirectory_ReturnsNullAndCreatesNothing()
    {
        Assert.Null(await Store().GetAsync("jwt-keys", Ct));

        Assert.False(Directory.Exists(StateDirectory));
    }

    [Fact]
    public async Task Get_CorruptFile_ThrowsInvalidData()
    {
        Directory.CreateDirectory(StateDirectory);
        await File.WriteAllTextAsync(Path.Combine(StateDirectory, "jwt-keys.state"), "not a state document", Ct);

        await Assert.ThrowsAsync<InvalidDataException>(() => Store().GetAsync("jwt-keys", Ct));
    }

    [Fact]
    public async Task TryWrite_LockHeldByAnotherHandle_WaitsThenReportsUnavailable()
    {
        var store = Store(TimeSpan.FromMilliseconds(20));
        await store.TryWriteAsync("jwt-keys", new byte[] { 1 }, 0, Ct);
        using (new FileStream(Path.Combine(StateDirectory, "jwt-keys.lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            await Assert.ThrowsAsync<DependencyUnavailableException>(() => store.TryWriteAsync("jwt-keys", new byte[] { 2 }, 1, Ct));
        }

        Assert.Equal(2, (await store.TryWriteAsync("jwt-keys", new byte[] { 2 }, 1, Ct))!.Revision);
    }

    [Fact]
    public async Task TryWrite_TwoInstancesOnOneDirectory_SeeEachOthersRevisions()
    {
        var first = Store();
        var second = Store();

        await first.TryWriteAsync("jwt-keys", new byte[] { 1 }, 0, Ct);

        Assert.Null(await second.TryWriteAsync("jwt-keys", new byte[] { 2 }, 0, Ct));
        Assert.Equal(2, (await second.TryWriteAsync("jwt-keys", new byte[] { 2 }, 1, Ct))!.Revision);
        Assert.Null(await first.TryWriteAsync("jwt-keys", new byte[] { 3 }, 1, Ct));
        Assert.Equal(new byte[] { 2 }, (await first.GetAsync("jwt-keys", Ct))!.Content.ToArray());
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("state", 0)]
    [InlineData("state", 600)]
    public void Validator_InvalidOptions_ReportsEveryError(string directory, int lockTimeoutSeconds)
    {
        var result = new FileAuthorityStateStoreOptionsValidator().Validate(
            null, new FileAuthorityStateStoreOptions { Directory = directory, LockTimeout = TimeSpan.FromSeconds(lockTimeoutSeconds) });

        Assert.True(result.Failed);
        Assert.Single(result.Failures!);
    }

    [Fact]
    public void Validator_EmptyDirectoryAndZeroTimeout_ReportsBoth()
    {
        var result = new FileAuthorityStateStoreOptionsValidator().Validate(null, new FileAuthorityStateStoreOptions { LockTimeout = TimeSpan.Zero });

        Assert.Equal(2, result.Failures!.Count());
    }

    private FileAuthorityStateStore Store(TimeSpan? lockTimeout = null) =>
        new(Options.Create(new FileAuthorityStateStoreOptions { Directory = StateDirectory, LockTimeout = lockTimeout ?? TimeSpan.FromSeconds(10) }));
}
