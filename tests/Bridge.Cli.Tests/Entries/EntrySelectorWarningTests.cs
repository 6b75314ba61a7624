namespace Bridge.Cli.Tests.Entries;

/// <summary>
/// <c>bridge entry create|update|import|validate</c> warn on stderr about selectors no configured attestor can emit
/// (the README's old <c>aws:role_name:payments</c>), and still do what was asked with the same exit code.
/// </summary>
public sealed class EntrySelectorWarningTests : IDisposable
{
    private static readonly Dictionary<string, string?> NoIssuers = [];

    private static readonly Dictionary<string, string?> StsAndEks = new()
    {
        ["Bridge:Attestors:Oidc:Issuers:0:Name"] = "aws-sts",
        ["Bridge:Attestors:Oidc:Issuers:0:Issuer"] = "https://sts.example.com",
        ["Bridge:Attestors:Oidc:Issuers:0:Profile"] = "AwsSts",
        ["Bridge:Attestors:Oidc:Issuers:1:Name"] = "eks",
        ["Bridge:Attestors:Oidc:Issuers:1:Issuer"] = "https://eks.example.com",
        ["Bridge:Attestors:Oidc:Issuers:1:Profile"] = "Eks",
    };

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("bridge-entry-warn-");

    private string EntriesFile => Path.Combine(_dir.FullName, "entries.json");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Create_RoleNameSelectorWithoutIssuers_WarnsOnStderrAndCreates()
    {
        var (exit, output, warnings) = await RunAsync(NoIssuers, "create", "--id", "payments", "--spiffe-id", "spiffe://example.org/payments",
            "--attestor", "aws-sts", "--selector", "aws:account:111122223333", "--selector", "aws:role_name:payments");

        Assert.True(exit == 0, output);
        Assert.Contains("Created entry payments", output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning:", output, StringComparison.Ordinal);
        var line = Assert.Single(warnings.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("warning: entry payments: selector 'aws:role_name:payments' is not one any Bridge attestor emits", line, StringComparison.Ordinal);
        Assert.Contains("aws:role:…", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_SelectorOfAnotherProfile_WarnsNamingTheAttestor()
    {
        var (exit, _, warnings) = await RunAsync(StsAndEks, "create", "--id", "mixed", "--spiffe-id", "spiffe://example.org/mixed",
            "--attestor", "aws-sts", "--selector", "aws:role:payments", "--selector", "k8s:ns:payments");

        Assert.Equal(0, exit);
        var line = Assert.Single(warnings.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("selector 'k8s:ns:payments' is not one attestor 'aws-sts' (AwsSts) emits", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ParentNamesAnUnconfiguredAttestor_Warns()
    {
        var (exit, _, warnings) = await RunAsync(StsAndEks, "create", "--id", "typo", "--spiffe-id", "spiffe://example.org/typo",
            "--attestor", "aws-st", "--selector", "aws:role:payments");

        Assert.Equal(0, exit);
        Assert.Contains("names attestor 'aws-st', which is not configured (configured: aws-sts, eks)", warnings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_SelectorsTheAttestorEmits_NoWarning()
    {
        var (exit, _, warnings) = await RunAsync(StsAndEks, "create", "--id", "pods", "--spiffe-id", "spiffe://example.org/pods",
            "--attestor", "eks", "--selector", "k8s:ns:payments", "--selector", "k8s:sa:api");

        Assert.Equal(0, exit);
        Assert.Empty(warnings);
    }

    [Fact]
    public async Task Update_IntroducingAnUnknownSelector_Warns()
    {
        await RunAsync(StsAndEks, "create", "--id", "payments", "--spiffe-id", "spiffe://example.org/payments", "--attestor", "aws-sts", "--selector", "aws:role:payments");

        var (exit, _, warnings) = await RunAsync(StsAndEks, "update", "payments", "--selector", "aws:role_name:payments");

        Assert.Equal(0, exit);
        Assert.Contains("selector 'aws:role_name:payments' is not one attestor 'aws-sts' (AwsSts) emits", warnings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAndValidate_FileWithAnUnknownSelector_WarnAndSucceed()
    {
        var file = Path.Combine(_dir.FullName, "import.json");
        await File.WriteAllTextAsync(file, """
            { "entries": [ {
                "id": "payments",
                "spiffe_id": "spiffe://example.org/payments",
                "parent_id": "spiffe://example.org/bridge/attestor/aws-sts",
                "selectors": ["aws:role_name:payments"]
            } ] }
            """, TestContext.Current.CancellationToken);

        var import = await RunAsync(StsAndEks, "import", file);
        var validate = await RunAsync(StsAndEks, "validate", file);

        Assert.Equal(0, import.Exit);
        Assert.Contains("aws:role_name:payments", import.Warnings, StringComparison.Ordinal);
        Assert.Equal(0, validate.Exit);
        Assert.Contains("aws:role_name:payments", validate.Warnings, StringComparison.Ordinal);
        Assert.DoesNotContain("warning:", validate.Output, StringComparison.Ordinal);
    }

    private Task<(int Exit, string Output, string Warnings)> RunAsync(Dictionary<string, string?> environment, params string[] args) =>
        EntryCli.RunWithWarningsAsync(environment, null, [.. args, "--file", EntriesFile]);
}
