using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Local.Registration;
using Bridge.Authority.Registration;
using Bridge.Cli.Entries;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Configuration;

namespace Bridge.Cli.Tests.Entries;

/// <summary>
/// <c>bridge entry</c> with node-set definitions (<c>--node-set</c>) and workload entries under agents and node sets
/// (<c>--parent-node-set</c>, <c>--parent-id</c> with an agent ID), against the local entries file.
/// </summary>
public sealed class EntryNodeSetCommandTests : IDisposable
{
    private const string Agent = "spiffe://example.org/bridge/agent/aws_iid/123456789012/us-east-1/i-0abc";
    private static readonly Dictionary<string, string?> NoEnvironment = [];
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("bridge-entry-nodeset-");

    private string EntriesFile => Path.Combine(_dir.FullName, "entries.json");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Create_NodeSet_WritesADefinitionTheServiceLoads()
    {
        var (exit, output, warnings) = await RunAsync(
            "create", "--id", "web-nodes", "--node-set", "web", "--selector", "aws_iid:tag:role:web", "--selector", "aws_iid:account_id:123456789012");

        Assert.True(exit == 0, output);
        Assert.Empty(warnings);
        var entry = Assert.Single(await LoadAsServiceAsync());
        Assert.Equal("spiffe://example.org/bridge/nodeset/web", entry.SpiffeId);
        Assert.Equal("spiffe://example.org/bridge/server", entry.ParentId.ToString());
        Assert.Equal(["aws_iid:tag:role:web", "aws_iid:account_id:123456789012"], entry.Selectors.Select(s => s.ToString()));
    }

    [Fact]
    public async Task Create_NodeSetWithASelectorNoNodeAttestorEmits_WarnsWithTheAwsIidForms()
    {
        var (exit, output, warnings) = await RunAsync(
            "create", "--id", "web-nodes", "--node-set", "web", "--selector", "aws_iid:tag_role:web");

        Assert.True(exit == 0, output);
        Assert.Contains("aws_iid:tag_role:web", warnings, StringComparison.Ordinal);
        Assert.Contains("aws_iid:tag:…", warnings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WorkloadEntryUnderADefinedNodeSet_WritesItWithoutWarning()
    {
        await DefineWebAsync();

        var (exit, output, warnings) = await RunAsync(
            "create", "--id", "web", "--spiffe-id", "spiffe://example.org/web", "--parent-node-set", "web",
            "--selector", "unix:uid:1000", "--selector", "unix:path:/usr/bin/web", "--audience", "sts.amazonaws.com");

        Assert.True(exit == 0, output);
        Assert.Empty(warnings);
        var entry = Assert.Single(await LoadAsServiceAsync(), e => e.Id == "web");
        Assert.Equal("spiffe://example.org/bridge/nodeset/web", entry.ParentId.ToString());
        Assert.Equal(["unix:uid:1000", "unix:path:/usr/bin/web"], entry.Selectors.Select(s => s.ToString()));
    }

    [Fact]
    public async Task Create_WorkloadEntryUnderAnUndefinedNodeSet_WarnsAndCreates()
    {
        var (exit, output, warnings) = await RunAsync(
            "create", "--id", "web", "--spiffe-id", "spiffe://example.org/web", "--parent-node-set", "web", "--selector", "unix:uid:1000");

        Assert.True(exit == 0, output);
        var line = Assert.Single(warnings.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("warning: entry web: node set 'web' has no definition, so no agent serves the entry", line, StringComparison.Ordinal);
        Assert.Contains("bridge entry create --node-set web", line, StringComparison.Ordinal);
        Assert.Single(await LoadAsServiceAsync());
    }

    [Fact]
    public async Task Create_WorkloadEntryUnderAnAgent_WritesIt()
    {
        var (exit, output, warnings) = await RunAsync(
            "create", "--id", "api", "--spiffe-id", "spiffe://example.org/api", "--parent-id", Agent,
            "--selector", "docker:label:com.example.role:api", "--selector", "docker:image_id:sha256:" + new string('0', 64));

        Assert.True(exit == 0, output);
        Assert.Empty(warnings);
        Assert.Equal(Agent, Assert.Single(await LoadAsServiceAsync()).ParentId.ToString());
    }

    [Fact]
    public async Task Create_AttestorSelectorUnderAnAgent_WarnsItCanNeverMatch()
    {
        var (exit, _, warnings) = await RunAsync(
            "create", "--id", "api", "--spiffe-id", "spiffe://example.org/api", "--parent-id", Agent, "--selector", "aws:role:api");

        Assert.Equal(0, exit);
        var line = Assert.Single(warnings.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("warning: entry api: selector 'aws:role:api' is not a workload selector any Bridge agent presents", line, StringComparison.Ordinal);
        Assert.Contains("unix:uid:…", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--parent-node-set", "web", "--spiffe-id", "spiffe://example.org/web", "--selector", "unix:uid:01000" }, "selectors[0]: unix:uid: must be followed by a decimal number")]
    [InlineData(new[] { "--attestor", "aws-sts", "--spiffe-id", "spiffe://example.org/web", "--selector", "unix:uid:1000" }, "selectors[0]: unix selectors are presented by workloads to an agent")]
    [InlineData(new[] { "--parent-node-set", "web", "--spiffe-id", "spiffe://example.org/{account}", "--selector", "unix:uid:1000" }, "spiffe_id: placeholders are filled")]
    [InlineData(new[] { "--parent-node-set", "Web", "--spiffe-id", "spiffe://example.org/web", "--selector", "unix:uid:1000" }, "--parent-node-set 'Web' is not a valid node-set name")]
    [InlineData(new[] { "--parent-node-set", "web", "--attestor", "aws-sts", "--spiffe-id", "spiffe://example.org/web", "--selector", "unix:uid:1000" }, "give one of --parent-id, --attestor and --parent-node-set.")]
    [InlineData(new[] { "--node-set", "web", "--spiffe-id", "spiffe://example.org/web", "--selector", "aws_iid:tag:role:web" }, "--node-set gives the entry's SPIFFE ID")]
    [InlineData(new[] { "--node-set", "web", "--parent-node-set", "api", "--selector", "aws_iid:tag:role:web" }, "--node-set gives the entry's SPIFFE ID")]
    [InlineData(new[] { "--node-set", "web/x", "--selector", "aws_iid:tag:role:web" }, "--node-set 'web/x' is not a valid node-set name (1 to 63 lowercase")]
    [InlineData(new[] { "--node-set", "web", "--selector", "aws_iid:tag:role:web", "--audience", "a" }, "audiences: a node-set definition issues no SVIDs")]
    [InlineData(new[] { "--node-set", "web", "--selector", "unix:uid:0" }, "selectors[0]: unix selectors describe workloads, not nodes")]
    [InlineData(new[] { "--parent-id", "spiffe://example.org/bridge/server", "--spiffe-id", "spiffe://example.org/web", "--selector", "aws_iid:tag:role:web" }, "spiffe_id: a node-set definition")]
    [InlineData(new[] { "--parent-id", "spiffe://example.org/somewhere", "--spiffe-id", "spiffe://example.org/web", "--selector", "unix:uid:1000" }, "parent_id: must be an attestor")]
    public async Task Create_BrokenRule_RefusedNamingItAndWritesNothing(string[] flags, string expected)
    {
        var (exit, output, _) = await RunAsync(["create", "--id", "x", .. flags]);

        Assert.Equal(1, exit);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.Empty(await LoadAsServiceAsync());
    }

    [Fact]
    public async Task List_NodeSetsAndTheirEntries_ShownByName()
    {
        await DefineWebAsync();
        await RunAsync("create", "--id", "web", "--spiffe-id", "spiffe://example.org/web", "--parent-node-set", "web", "--selector", "unix:uid:1000");
        await RunAsync("create", "--id", "zz-api", "--spiffe-id", "spiffe://example.org/api", "--parent-id", Agent, "--selector", "unix:uid:1001");

        var (exit, output, _) = await RunAsync("list");

        Assert.Equal(0, exit);
        var lines = output.Split('\n');
        var definition = Assert.Single(lines, l => l.Contains("web-nodes", StringComparison.Ordinal));
        Assert.Contains("(defines node set web)", definition, StringComparison.Ordinal);
        Assert.Contains("n/a (node set)", definition, StringComparison.Ordinal);
        Assert.DoesNotContain("(no JWT-SVIDs)", definition, StringComparison.Ordinal);
        Assert.Contains("node set web", Assert.Single(lines, l => l.Contains(" web ", StringComparison.Ordinal) && l.Contains("unix:uid:1000", StringComparison.Ordinal)), StringComparison.Ordinal);
        // An agent parent is shown as its full ID (wrapped in its column), not as a name.
        Assert.DoesNotContain("node set", Assert.Single(lines, l => l.Contains("zz-api", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_DefinitionSelectors_Replaced()
    {
        await DefineWebAsync();

        var (exit, output, _) = await RunAsync("update", "web-nodes", "--selector", "aws_iid:tag:role:api");

        Assert.True(exit == 0, output);
        var entry = Assert.Single(await LoadAsServiceAsync());
        Assert.Equal(["aws_iid:tag:role:api"], entry.Selectors.Select(s => s.ToString()));
        Assert.Equal("spiffe://example.org/bridge/nodeset/web", entry.SpiffeId);
    }

    [Fact]
    public async Task Delete_LastDefinitionOfAUsedNodeSet_WarnsAboutTheEntriesLeft()
    {
        await DefineWebAsync();
        await RunAsync("create", "--id", "web", "--spiffe-id", "spiffe://example.org/web", "--parent-node-set", "web", "--selector", "unix:uid:1000");

        var (exit, _, warnings) = await RunAsync("delete", "web-nodes");

        Assert.Equal(0, exit);
        Assert.Contains("warning: entry web: node set 'web' has no definition", warnings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListJson_ThenImportAndValidate_RoundTripsDefinitionsAndWorkloadEntries()
    {
        await DefineWebAsync();
        await RunAsync("create", "--id", "web", "--spiffe-id", "spiffe://example.org/web", "--parent-node-set", "web",
            "--selector", "unix:sha256:" + new string('f', 64), "--x509-svid-ttl", "1h");
        await RunAsync("create", "--id", "api", "--spiffe-id", "spiffe://example.org/api", "--parent-id", Agent, "--selector", "docker:label:a:b");
        var exported = Path.Combine(_dir.FullName, "exported.json");
        await File.WriteAllTextAsync(exported, (await RunAsync("list", "--json")).Output, TestContext.Current.CancellationToken);
        var otherStore = Path.Combine(_dir.FullName, "other.json");

        var validate = await EntryCli.RunWithWarningsAsync(NoEnvironment, null, "validate", exported);
        var import = await EntryCli.RunWithWarningsAsync(NoEnvironment, null, "import", exported, "--file", otherStore);
        var again = await EntryCli.RunWithWarningsAsync(NoEnvironment, null, "import", exported, "--file", otherStore);

        Assert.True(validate.Exit == 0, validate.Output);
        Assert.Contains("3 valid entries", validate.Output, StringComparison.Ordinal);
        Assert.Empty(validate.Warnings);
        Assert.True(import.Exit == 0, import.Output);
        Assert.Contains("3 created", import.Output, StringComparison.Ordinal);
        Assert.Empty(import.Warnings);
        Assert.Contains("3 unchanged", again.Output, StringComparison.Ordinal);
        Assert.Equal(
            (await LoadAsServiceAsync()).Select(e => RegistrationEntryFile.Serialize([e with { Revision = 0 }])),
            (await LoadAsServiceAsync(otherStore)).Select(e => RegistrationEntryFile.Serialize([e with { Revision = 0 }])));
    }

    [Fact]
    public async Task Validate_FileWithAnEntryUnderAnUndefinedNodeSet_WarnsAndPasses()
    {
        var file = Path.Combine(_dir.FullName, "file.json");
        await File.WriteAllTextAsync(file, """
            { "entries": [
              { "id": "web", "spiffe_id": "spiffe://example.org/web", "parent_id": "spiffe://example.org/bridge/nodeset/web", "selectors": ["unix:uid:1000"] },
              { "id": "api-nodes", "spiffe_id": "spiffe://example.org/bridge/nodeset/api", "parent_id": "spiffe://example.org/bridge/server", "selectors": ["aws_iid:tag:role:api"] }
            ] }
            """, TestContext.Current.CancellationToken);

        var (exit, output, warnings) = await EntryCli.RunWithWarningsAsync(NoEnvironment, null, "validate", file);

        Assert.True(exit == 0, output);
        var line = Assert.Single(warnings.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("warning: entry web: node set 'web' has no definition", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_WorkloadSelector_RefusedPointingToAgents()
    {
        var (exit, output, _) = await RunAsync("explain", "--attestor", "aws-sts", "--selector", "unix:uid:1000");

        Assert.Equal(2, exit);
        Assert.Contains("--selector 'unix:uid:1000' is a workload selector, presented to an agent rather than to /token", output, StringComparison.Ordinal);
    }

    [Fact]
    public void VocabularyCheck_DefinitionSelectorNoNodeAttestorEmits_Warns()
    {
        var check = SelectorVocabularyCheck.From(
            new ConfigurationBuilder().Build(), [new SelectorVocabulary("aws_iid", ["tag:", "account_id:"])]);
        var definition = new RegistrationEntry
        {
            Id = "web-nodes",
            SpiffeId = "spiffe://example.org/bridge/nodeset/web",
            ParentId = BridgeIds.Server(TrustDomain.Parse("example.org")),
            Selectors = [Selector.Parse("aws_iid:tag:role:web"), Selector.Parse("aws:account:123456789012")],
        };

        var warning = Assert.Single(check.Check(definition));

        Assert.StartsWith("entry web-nodes: selector 'aws:account:123456789012' is not one any Bridge node attestor emits", warning, StringComparison.Ordinal);
        Assert.Contains("aws_iid:tag:…", warning, StringComparison.Ordinal);
    }

    private async Task DefineWebAsync()
    {
        var (exit, output, _) = await RunAsync("create", "--id", "web-nodes", "--node-set", "web", "--selector", "aws_iid:tag:role:web");
        Assert.True(exit == 0, output);
    }

    private Task<(int Exit, string Output, string Warnings)> RunAsync(params string[] args) =>
        EntryCli.RunWithWarningsAsync(NoEnvironment, null, [.. args, "--file", EntriesFile]);

    private async Task<IReadOnlyList<RegistrationEntry>> LoadAsServiceAsync(string? path = null)
    {
        var validator = new RegistrationEntryValidator(new RegistrationEntryValidatorOptions { TrustDomain = TrustDomain.Parse("example.org") });
        var store = await JsonFileRegistrationStore.LoadAsync(
            new JsonFileRegistrationStoreOptions { Path = path ?? EntriesFile, AllowMissingFile = true }, validator, TestContext.Current.CancellationToken);
        return (await store.ListAsync(null, 100, TestContext.Current.CancellationToken)).Entries;
    }
}
