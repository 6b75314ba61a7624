using System.Runtime.Versioning;
using Bridge.Authority.Local.Registration;
using Bridge.Authority.Registration;
using Bridge.Spiffe.Id;
using Bridge.Testing;

namespace Bridge.Cli.Tests.Entries;

/// <summary><c>bridge entry</c> create/list/show/update/delete/import against the local entries file.</summary>
public sealed class EntryFileCommandTests : IDisposable
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("bridge-entry-cli-");

    private string EntriesFile => Path.Combine(_dir.FullName, "entries.json");

    [Fact]
    public async Task Create_ValidFlags_WritesAnEntryTheServiceLoads()
    {
        var (exit, output, warnings) = await RunWithWarningsAsync(
            "create", "--id", "payments", "--spiffe-id", "spiffe://example.org/aws/{account}/role/{role_name}",
            "--attestor", "aws-sts", "--selector", "aws:account:111122223333", "--selector", "aws:role:payments",
            "--audience", "sts.amazonaws.com", "--jwt-svid-ttl", "10m", "--x509-svid-ttl", "2h", "--dns-name", "payments.internal");

        Assert.True(exit == 0, output);
        Assert.Empty(warnings);
        Assert.Contains("Created entry payments", output, StringComparison.Ordinal);
        var entry = Assert.Single(await LoadAsServiceAsync());
        Assert.Equal("spiffe://example.org/bridge/attestor/aws-sts", entry.ParentId.ToString());
        Assert.Equal(["aws:account:111122223333", "aws:role:payments"], entry.Selectors.Select(s => s.ToString()));
        Assert.Equal(TimeSpan.FromMinutes(10), entry.JwtSvidTtl);
        Assert.Equal(TimeSpan.FromHours(2), entry.X509SvidTtl);
        Assert.Equal(["payments.internal"], entry.DnsNames);
        Assert.Equal(1, entry.Revision);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Create_UnderUmask000_WritesAnOwnerOnlyFileTheServiceLoads()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "umask is Unix");
        // The real command in its own process, so the umask applies to it and to nothing else in the test run.
        var (exit, output) = await RunUnderUmask000Async(
            "entry", "create", "--file", EntriesFile, "--id", "payments", "--spiffe-id", "spiffe://example.org/payments",
            "--attestor", "aws-sts", "--selector", "aws:role:payments");

        Assert.True(exit == 0, output);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(EntriesFile));
        Assert.Single(await LoadAsServiceAsync());
        Assert.Equal([EntriesFile], Directory.GetFiles(_dir.FullName));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task List_WorldWritableFile_RefusedWithPathAndChmodFix()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        await CreatePaymentsAsync();
        File.SetUnixFileMode(EntriesFile, File.GetUnixFileMode(EntriesFile) | UnixFileMode.OtherWrite);

        var (exit, output) = await RunAsync("list");

        // The console wraps long lines; compare the words.
        var words = string.Join(' ', output.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, exit);
        Assert.Contains($"The registration file '{EntriesFile}' is writable by group or others (mode 0602)", words, StringComparison.Ordinal);
        Assert.Contains($"(chmod 600 '{EntriesFile}')", words, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_SeveralBadValues_ReportsEveryErrorAndWritesNothing()
    {
        var (exit, output) = await RunAsync("create", "--spiffe-id", "spiffe://example.org/x", "--selector", "no-colon", "--jwt-svid-ttl", "5x");

        Assert.Equal(1, exit);
        Assert.Contains("'no-colon' is not of the form type:value", output, StringComparison.Ordinal);
        Assert.Contains("'5x' is not a duration", output, StringComparison.Ordinal);
        Assert.Contains("--parent-id, --attestor or --parent-node-set is required", output, StringComparison.Ordinal);
        Assert.False(File.Exists(EntriesFile));
    }

    [Fact]
    public async Task Create_EntryTheServiceWouldRefuse_ReportsValidatorErrors()
    {
        var (exit, output) = await RunAsync(
            "create", "--spiffe-id", "spiffe://other.org/x", "--attestor", "aws-sts", "--selector", "aws:role:x", "--jwt-svid-ttl", "2d");

        Assert.Equal(1, exit);
        Assert.Contains("spiffe_id", output, StringComparison.Ordinal);
        Assert.Contains("jwt_svid_ttl", output, StringComparison.Ordinal);
        Assert.False(File.Exists(EntriesFile));
    }

    [Theory]
    [InlineData("*.com", "has a wildcard over a single label")]
    [InlineData("web.example.org.", "ends with a dot")]
    [InlineData("bücher.example", "is not ASCII")]
    public async Task Create_DnsNameBreakingTheRule_RefusedAndNothingWritten(string dnsName, string problem)
    {
        var (exit, output) = await RunAsync(
            "create", "--spiffe-id", "spiffe://example.org/web", "--attestor", "aws-sts", "--selector", "aws:role:web", "--dns-name", dnsName);

        Assert.Equal(1, exit);
        Assert.Contains("dns_names[0]: not a valid DNS name: it " + problem, output, StringComparison.Ordinal);
        Assert.False(File.Exists(EntriesFile));
    }

    [Fact]
    public async Task Create_ExistingId_RefusesAndKeepsTheStoredEntry()
    {
        await CreatePaymentsAsync();

        var (exit, output) = await RunAsync("create", "--id", "payments", "--spiffe-id", "spiffe://example.org/other", "--attestor", "aws-sts", "--selector", "aws:role:x");

        Assert.Equal(1, exit);
        Assert.Contains("already exists", output, StringComparison.Ordinal);
        Assert.Equal("spiffe://example.org/payments", Assert.Single(await LoadAsServiceAsync()).SpiffeId);
    }

    [Fact]
    public async Task Update_GivenFields_ReplacesOnlyThoseAndBumpsRevision()
    {
        await CreatePaymentsAsync();

        var (exit, output) = await RunAsync("update", "payments", "--hint", "ledger", "--audience", "a1", "--audience", "a2");

        Assert.True(exit == 0, output);
        var entry = Assert.Single(await LoadAsServiceAsync());
        Assert.Equal("ledger", entry.Hint);
        Assert.Equal(["a1", "a2"], entry.Audiences);
        Assert.Equal(["aws:role:payments"], entry.Selectors.Select(s => s.ToString()));
        Assert.Equal(2, entry.Revision);
    }

    [Fact]
    public async Task Update_StaleRevision_RefusesAndWritesNothing()
    {
        await CreatePaymentsAsync();
        await RunAsync("update", "payments", "--hint", "first");

        var (exit, output) = await RunAsync("update", "payments", "--hint", "second", "--revision", "1");

        Assert.Equal(1, exit);
        Assert.Contains("changed meanwhile (it is at revision 2)", output, StringComparison.Ordinal);
        Assert.Equal("first", Assert.Single(await LoadAsServiceAsync()).Hint);
    }

    [Fact]
    public async Task ShowAndDelete_UnknownId_ExitOne()
    {
        Assert.Equal(1, (await RunAsync("show", "nope")).Exit);
        Assert.Equal(1, (await RunAsync("delete", "nope")).Exit);
    }

    [Fact]
    public async Task Delete_WrongRevision_KeepsEntry_ThenRightRevisionDeletes()
    {
        await CreatePaymentsAsync();

        Assert.Equal(1, (await RunAsync("delete", "payments", "--revision", "5")).Exit);
        Assert.Single(await LoadAsServiceAsync());

        Assert.Equal(0, (await RunAsync("delete", "payments", "--revision", "1")).Exit);
        Assert.Empty(await LoadAsServiceAsync());
    }

    [Fact]
    public async Task ListJson_ThenImport_RoundTripsAndIsIdempotent()
    {
        await CreatePaymentsAsync();
        var (_, json) = await RunAsync("list", "--json");
        var exported = Path.Combine(_dir.FullName, "export.json");
        await File.WriteAllTextAsync(exported, json.Replace("\"payments\"", "\"payments-copy\"", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var dryRun = await RunAsync("import", exported, "--dry-run");
        Assert.Contains("would create", dryRun.Output, StringComparison.Ordinal);
        Assert.Single(await LoadAsServiceAsync());

        var first = await RunAsync("import", exported);
        var second = await RunAsync("import", exported);

        Assert.True(first.Exit == 0, first.Output);
        Assert.Contains("1 created", first.Output, StringComparison.Ordinal);
        Assert.Contains("1 unchanged", second.Output, StringComparison.Ordinal);
        Assert.Equal(["payments", "payments-copy"], (await LoadAsServiceAsync()).Select(e => e.Id));
    }

    [Fact]
    public async Task Import_InvalidFile_ReportsEveryErrorAndChangesNothing()
    {
        await CreatePaymentsAsync();
        var bad = Path.Combine(_dir.FullName, "bad.json");
        await File.WriteAllTextAsync(bad, """
            { "entries": [
              { "id": "payments", "spiffe_id": "spiffe://example.org/changed", "parent_id": "spiffe://example.org/bridge/attestor/aws-sts", "selectors": ["aws:role:x"] },
              { "id": "broken", "spiffe_id": "spiffe://other.org/x", "parent_id": "spiffe://example.org/bridge/attestor/aws-sts", "selectors": [] }
            ] }
            """, TestContext.Current.CancellationToken);

        var (exit, output) = await RunAsync("import", bad);

        Assert.Equal(1, exit);
        Assert.Contains("nothing was imported", output, StringComparison.Ordinal);
        Assert.Equal("spiffe://example.org/payments", Assert.Single(await LoadAsServiceAsync()).SpiffeId);
    }

    [Fact]
    public async Task Store_FromEnvironment_UsedWhenNoFlagGiven()
    {
        var environment = new Dictionary<string, string?> { ["Bridge:Backends:RegistrationFile"] = EntriesFile };

        var (exit, _) = await EntryCli.RunAsync(environment, null, "create", "--spiffe-id", "spiffe://example.org/payments", "--attestor", "aws-sts", "--selector", "aws:role:payments");

        Assert.Equal(0, exit);
        Assert.Single(await LoadAsServiceAsync());
    }

    [Fact]
    public async Task Store_BadSettings_ReportsEveryProblemAndExitsTwo()
    {
        var (exit, output) = await EntryCli.RunAsync(NoEnvironment, null, "list", "--store", "DynamoDb", "--endpoint-url", "not a url", "--trust-domain", "Not A Domain");

        Assert.Equal(2, exit);
        Assert.Contains("DynamoDbTable: required", output, StringComparison.Ordinal);
        Assert.Contains("DynamoDbServiceUrl", output, StringComparison.Ordinal);
        Assert.Contains("--trust-domain 'Not A Domain' is not valid", output, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private Task<(int Exit, string Output)> RunAsync(params string[] args) => EntryCli.RunAsync(NoEnvironment, null, [.. args, "--file", EntriesFile]);

    private Task<(int Exit, string Output, string Warnings)> RunWithWarningsAsync(params string[] args) =>
        EntryCli.RunWithWarningsAsync(NoEnvironment, null, [.. args, "--file", EntriesFile]);

    private async Task CreatePaymentsAsync()
    {
        var (exit, output) = await RunAsync("create", "--id", "payments", "--spiffe-id", "spiffe://example.org/payments", "--attestor", "aws-sts", "--selector", "aws:role:payments");
        Assert.True(exit == 0, output);
    }

    private static async Task<(int Exit, string Output)> RunUnderUmask000Async(params string[] arguments)
    {
        var result = await ExternalTool.RunAsync(
            "sh",
            null,
            ["-c", "umask 000 && exec dotnet \"$@\"", "sh", Path.Combine(AppContext.BaseDirectory, "bridge.dll"), .. arguments],
            TestContext.Current.CancellationToken);
        return (result.ExitCode, result.Output);
    }

    /// <summary>Loads the file exactly as the service does at start, so a file the CLI wrote is one the service accepts.</summary>
    private async Task<IReadOnlyList<Abstractions.Registration.RegistrationEntry>> LoadAsServiceAsync()
    {
        var validator = new RegistrationEntryValidator(new RegistrationEntryValidatorOptions { TrustDomain = TrustDomain.Parse("example.org") });
        var store = await JsonFileRegistrationStore.LoadAsync(
            new JsonFileRegistrationStoreOptions { Path = EntriesFile, AllowMissingFile = true }, validator, TestContext.Current.CancellationToken);
        return (await store.ListAsync(null, 100, TestContext.Current.CancellationToken)).Entries;
    }
}
