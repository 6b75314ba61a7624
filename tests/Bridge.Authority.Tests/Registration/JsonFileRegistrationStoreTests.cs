using System.Runtime.Versioning;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Local.Registration;
using Bridge.Authority.Registration;
using Microsoft.Extensions.Options;
using static Bridge.Authority.Tests.Registration.TestEntries;

namespace Bridge.Authority.Tests.Registration;

public sealed class JsonFileRegistrationStoreTests : IDisposable
{
    private static readonly IEqualityComparer<RegistrationEntry?> RegistrationEntryComparer = EqualityComparer<RegistrationEntry?>.Create(
        (a, b) => a is not null && b is not null
            && RegistrationEntryFile.Serialize([a]) == RegistrationEntryFile.Serialize([b]));

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Writes_SurviveReload()
    {
        var path = _directory.NewFilePath();
        var store = await LoadAsync(path, allowMissing: true);
        var web = (await store.CreateAsync(Entry("web", Account, Role) with { Hint = "web tier", JwtSvidTtl = TimeSpan.FromMinutes(2) }, Ct)).Entry!;
        await store.CreateAsync(Entry("api"), Ct);
        await store.CreateAsync(Entry("old"), Ct);
        await store.UpdateAsync(web with { Audiences = ["sts.amazonaws.com"] }, Ct);
        await store.DeleteAsync("old", expectedRevision: 1, Ct);

        var reloaded = await LoadAsync(path, allowMissing: false);

        var page = await reloaded.ListAsync(null, 10, Ct);
        Assert.Equal(["api", "web"], page.Entries.Select(e => e.Id));
        var reloadedWeb = page.Entries[1];
        Assert.Equal(2, reloadedWeb.Revision);
        Assert.Equal([Account, Role], reloadedWeb.Selectors);
        Assert.Equal(["sts.amazonaws.com"], reloadedWeb.Audiences);
        Assert.Equal("web tier", reloadedWeb.Hint);
        Assert.Equal(TimeSpan.FromMinutes(2), reloadedWeb.JwtSvidTtl);
        Assert.Equal(RegistrationWriteStatus.Conflict, (await reloaded.UpdateAsync(web, Ct)).Status);
    }

    [Fact]
    public async Task Writes_LeaveAReadableFileAndNoTemporaryFiles()
    {
        var path = _directory.NewFilePath();
        var store = await LoadAsync(path, allowMissing: true);

        await store.CreateAsync(Entry("web"), Ct);
        await store.CreateAsync(Entry("api"), Ct);

        var text = await File.ReadAllTextAsync(path, Ct);
        Assert.Equal(RegistrationEntryFile.Serialize([Entry("api") with { Revision = 1 }, Entry("web") with { Revision = 1 }]), text);
        Assert.Equal([path], Directory.GetFiles(_directory.Path));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Writes_AreOwnerOnly_EvenOverAWorldWritableFile()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        var fresh = _directory.NewFilePath();
        var store = await LoadAsync(fresh, allowMissing: true);
        await store.CreateAsync(Entry("web"), Ct);
        var existing = _directory.NewFilePath();
        await File.WriteAllTextAsync(existing, RegistrationEntryFile.Serialize([Entry("web") with { Revision = 1 }]), Ct);
        var reloaded = await LoadAsync(existing, allowMissing: false);
        // Made world-writable after the load: the next write replaces the file with an owner-only one.
        File.SetUnixFileMode(existing, OwnerOnly | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.OtherRead);
        await reloaded.CreateAsync(Entry("api"), Ct);

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(fresh));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(existing));
    }

    [Theory]
    [InlineData(UnixFileMode.OtherWrite, "0602")]
    [InlineData(UnixFileMode.GroupWrite, "0620")]
    [InlineData(UnixFileMode.GroupWrite | UnixFileMode.GroupRead | UnixFileMode.OtherWrite | UnixFileMode.OtherRead, "0666")]
    [UnsupportedOSPlatform("windows")]
    public async Task Load_FileWritableByGroupOrOthers_RefusesNamingPathAndFix(UnixFileMode extra, string shown)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        var path = _directory.NewFilePath();
        await File.WriteAllTextAsync(path, RegistrationEntryFile.Serialize([Entry("web")]), Ct);
        File.SetUnixFileMode(path, OwnerOnly | extra);

        var error = await Assert.ThrowsAsync<RegistrationEntryFileException>(async () => await LoadAsync(path, allowMissing: true));

        Assert.Equal(
            $"The registration file '{path}' is writable by group or others (mode {shown}), so they could give themselves any identity; " +
            $"restrict it to its owner (chmod 600 '{path}').",
            Assert.Single(error.Errors));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Load_FileReadableByOthers_IsAccepted()
    {
        // Entries are not secret; only who can change them matters (an existing 0644 file keeps working).
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        var path = _directory.NewFilePath();
        await File.WriteAllTextAsync(path, RegistrationEntryFile.Serialize([Entry("web")]), Ct);
        File.SetUnixFileMode(path, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var store = await LoadAsync(path, allowMissing: false);

        Assert.NotNull(await store.GetAsync("web", Ct));
    }

    [Fact]
    public async Task Create_InvalidEntry_ThrowsAndWritesNothing()
    {
        var path = _directory.NewFilePath();
        var store = await LoadAsync(path, allowMissing: true);
        await store.CreateAsync(Entry("web"), Ct);
        var before = await File.ReadAllTextAsync(path, Ct);

        var error = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await store.CreateAsync(Entry("api") with { SpiffeId = "spiffe://example.org/bridge/x", Selectors = [] }, Ct));

        Assert.Contains("spiffe_id:", error.Message, StringComparison.Ordinal);
        Assert.Contains("selectors:", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(path, Ct));
        Assert.Null(await store.GetAsync("api", Ct));
    }

    [Fact]
    public async Task Update_InvalidEntry_ThrowsAndKeepsStoredEntry()
    {
        var store = await LoadAsync(_directory.NewFilePath(), allowMissing: true);
        var web = (await store.CreateAsync(Entry("web"), Ct)).Entry!;

        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await store.UpdateAsync(web with { ParentId = OtherParent, DnsNames = ["-x"], SpiffeId = "spiffe://other.org/x" }, Ct));

        Assert.Equal(web, await store.GetAsync("web", Ct), RegistrationEntryComparer);
    }

    [Fact]
    public async Task Write_FileCannotBeReplaced_ThrowsAndKeepsState()
    {
        var path = _directory.NewFilePath();
        var store = await LoadAsync(path, allowMissing: true);
        await store.CreateAsync(Entry("web"), Ct);
        // A directory where the file should be makes the rename fail.
        File.Delete(path);
        Directory.CreateDirectory(path);

        await Assert.ThrowsAnyAsync<IOException>(async () => await store.CreateAsync(Entry("api"), Ct));

        Assert.Null(await store.GetAsync("api", Ct));
        Assert.Equal([path], Directory.GetFileSystemEntries(_directory.Path));
    }

    [Fact]
    public async Task Load_InvalidFile_ThrowsListingEveryError()
    {
        var path = _directory.NewFilePath();
        await File.WriteAllTextAsync(path, """
            {
              "entries": [
                { "id": "a", "spiffe_id": "spiffe://example.org/bridge/a", "parent_id": "spiffe://example.org/bridge/attestor/p", "selectors": ["x:y"] },
                { "id": "b", "spiffe_id": "spiffe://example.org/b", "parent_id": "spiffe://example.org/bridge/attestor/p", "selectors": ["x:y"], "ttl": 5 },
                { "id": "a", "spiffe_id": "spiffe://example.org/c", "parent_id": "spiffe://example.org/bridge/attestor/p", "selectors": ["x:y"] }
              ]
            }
            """, Ct);

        var error = await Assert.ThrowsAsync<RegistrationEntryFileException>(async () => await LoadAsync(path, allowMissing: false));

        Assert.Equal(
            [
                "line 3, column 5: entries[0] (id \"a\"): spiffe_id: the path /bridge and everything under it is reserved for Bridge",
                "line 4, column 134: entries[1] (id \"b\"): unknown member \"ttl\"",
                "line 5, column 5: entries[2] (id \"a\"): id: duplicate of entries[0]",
            ],
            error.Errors);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.All(error.Errors, e => Assert.Contains(e, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Load_SyntaxError_ThrowsWithLine()
    {
        var path = _directory.NewFilePath();
        await File.WriteAllTextAsync(path, "{\n  \"entries\": [\n    { \"id\": \"a\",, }\n  ]\n}\n", Ct);

        var error = await Assert.ThrowsAsync<RegistrationEntryFileException>(async () => await LoadAsync(path, allowMissing: false));

        var line = Assert.Single(error.Errors);
        Assert.StartsWith("line 3, column ", line, StringComparison.Ordinal);
        Assert.Contains("invalid JSON", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_FileWithAWildcardOverATld_RefusedAtStart()
    {
        // A file written before the DNS-name rule: the service refuses to start on it instead of failing exchanges.
        var path = _directory.NewFilePath();
        await File.WriteAllTextAsync(path, RegistrationEntryFile.Serialize([Entry("web") with { DnsNames = ["*.com"] }]), Ct);

        var error = await Assert.ThrowsAsync<RegistrationEntryFileException>(async () => await LoadAsync(path, allowMissing: false));

        Assert.Contains(error.Errors, e => e.Contains("dns_names[0]: not a valid DNS name: it has a wildcard over a single label", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Load_ExistingFile_KeepsRevisions()
    {
        var path = _directory.NewFilePath();
        await File.WriteAllTextAsync(path, RegistrationEntryFile.Serialize([Entry("web") with { Revision = 9 }]), Ct);

        var store = await LoadAsync(path, allowMissing: false);

        Assert.Equal(9, (await store.GetAsync("web", Ct))!.Revision);
        Assert.Equal(path, store.FilePath);
    }

    [Fact]
    public async Task Load_MissingFileNotAllowed_Throws() =>
        await Assert.ThrowsAsync<RegistrationEntryFileException>(async () => await LoadAsync(_directory.NewFilePath(), allowMissing: false));

    [Fact]
    public async Task Load_MissingFileAllowed_StartsEmpty()
    {
        var store = await LoadAsync(_directory.NewFilePath(), allowMissing: true);

        Assert.Empty((await store.ListAsync(null, 10, Ct)).Entries);
    }

    [Fact]
    public async Task Load_MissingDirectory_ThrowsEvenWhenMissingFileAllowed() =>
        await Assert.ThrowsAsync<RegistrationEntryFileException>(async () =>
            await LoadAsync(Path.Combine(_directory.Path, "absent", "entries.json"), allowMissing: true));

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task Load_NoPath_ThrowsOptionsValidationException(string path) =>
        await Assert.ThrowsAsync<OptionsValidationException>(async () => await LoadAsync(path, allowMissing: true));

    [Fact]
    public void OptionsValidator_NoPath_Fails() =>
        Assert.True(new JsonFileRegistrationStoreOptionsValidator().Validate(null, new JsonFileRegistrationStoreOptions()).Failed);

    [Fact]
    public void OptionsValidator_Path_Succeeds() =>
        Assert.True(new JsonFileRegistrationStoreOptionsValidator()
            .Validate(null, new JsonFileRegistrationStoreOptions { Path = "entries.json" }).Succeeded);

    private static Task<JsonFileRegistrationStore> LoadAsync(string path, bool allowMissing) =>
        JsonFileRegistrationStore.LoadAsync(
            new JsonFileRegistrationStoreOptions { Path = path, AllowMissingFile = allowMissing }, Validator, Ct);
}
