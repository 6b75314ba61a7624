using System.Text.Json;
using Bridge.Cli.Dev;

namespace Bridge.Cli.Tests.Entries;

/// <summary>
/// <c>bridge entry explain</c> against a real loopback OIDC issuer (the demo's STS stand-in): the token is verified by
/// the service's own attestor composition, then every entry that matches or nearly matches is shown with why not.
/// </summary>
public sealed class EntryExplainCommandTests : IAsyncLifetime
{
    private const string Account = "111122223333";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("bridge-entry-explain-");
    private LocalStsIssuer _sts = null!;

    private string EntriesFile => Path.Combine(_dir.FullName, "entries.json");

    private Dictionary<string, string?> Environment => new()
    {
        ["Bridge:Attestors:Oidc:Issuers:0:Name"] = "aws-sts",
        ["Bridge:Attestors:Oidc:Issuers:0:Issuer"] = _sts.Issuer,
        ["Bridge:Attestors:Oidc:Issuers:0:Profile"] = "AwsSts",
        ["Bridge:Attestors:Oidc:Issuers:0:AllowInsecureLoopbackHttp"] = "true",
    };

    public async ValueTask InitializeAsync()
    {
        _sts = await LocalStsIssuer.StartAsync(TimeProvider.System, TestContext.Current.CancellationToken);
        await CreateAsync("payments", "spiffe://example.org/aws/{account}/role/{role_name}", "aws-sts", "aws:account:" + Account, "aws:role:payments");
        await CreateAsync("payments-eu", "spiffe://example.org/payments-eu", "aws-sts", "aws:role:payments", "aws:region:eu-west-1");
        await CreateAsync("on-ec2", "spiffe://example.org/ec2/{instance_id}", "aws-sts", "aws:role:payments");
        await CreateAsync("in-eks", "spiffe://example.org/eks-payments", "eks", "aws:role:payments");
        await CreateAsync("unrelated", "spiffe://example.org/pods", "eks", "k8s:ns:web");
    }

    public async ValueTask DisposeAsync()
    {
        await _sts.DisposeAsync();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public async Task Explain_VerifiedToken_ShowsSelectorsMatchAndWhyOthersDoNot()
    {
        var token = WriteToken(_sts.MintRoleToken(Account, "payments", "bridge", TimeSpan.FromMinutes(5)) + "\n");

        var (exit, output) = await RunAsync("explain", "--token", token);

        Assert.True(exit == 0, output);
        Assert.Contains("Caller (verified token): attestor aws-sts", output, StringComparison.Ordinal);
        Assert.Contains("aws:role:payments", output, StringComparison.Ordinal);
        Assert.Contains("role_name=payments", output, StringComparison.Ordinal);
        Assert.Contains($"spiffe://example.org/aws/{Account}/role/payments", output, StringComparison.Ordinal);
        Assert.Contains("missing selectors: aws:region:eu-west-1", output, StringComparison.Ordinal);
        Assert.Contains("no value for placeholder {instance_id}", output, StringComparison.Ordinal);
        Assert.Contains("parent is spiffe://example.org/bridge/attestor/eks", output, StringComparison.Ordinal);
        Assert.DoesNotContain("unrelated", output, StringComparison.Ordinal);
        Assert.Contains($"Entry payments gives this caller spiffe://example.org/aws/{Account}/role/payments. 1 other entries share neither", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_Json_CarriesCallerEntriesAndReasons()
    {
        var token = WriteToken(_sts.MintRoleToken(Account, "payments", "bridge", TimeSpan.FromMinutes(5)));

        var (exit, output) = await RunAsync("explain", "--token", token, "--audience", "ledger", "--json");

        Assert.True(exit == 0, output);
        using var json = JsonDocument.Parse(output);
        var caller = json.RootElement.GetProperty("caller");
        Assert.True(caller.GetProperty("verified").GetBoolean());
        Assert.Equal($"arn:aws:iam::{Account}:role/payments", caller.GetProperty("subject").GetString());
        Assert.Contains("aws:role:payments", caller.GetProperty("selectors").EnumerateArray().Select(s => s.GetString()));
        var entries = json.RootElement.GetProperty("entries").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!);
        Assert.Equal(["in-eks", "on-ec2", "payments", "payments-eu"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.True(entries["payments"].GetProperty("matches").GetBoolean());
        Assert.Equal(["aws:region:eu-west-1"], entries["payments-eu"].GetProperty("missing_selectors").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("audience not allowed: ledger (allowed: sts.amazonaws.com)", entries["payments"].GetProperty("reasons").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(1, json.RootElement.GetProperty("not_shown").GetInt32());
    }

    [Fact]
    public async Task Explain_SameTokenTwice_VerifiedBothTimes_ItsUseIsNotSpent()
    {
        var token = WriteToken(_sts.MintRoleToken(Account, "payments", "bridge", TimeSpan.FromMinutes(5)));

        var first = await RunAsync("explain", "--token", token);
        var second = await RunAsync("explain", "--token", token);

        Assert.Equal(0, first.Exit);
        Assert.True(second.Exit == 0, second.Output);
        Assert.Contains("Caller (verified token)", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_TokenForAnotherAudience_RefusedWithTheReasonAndNothingShown()
    {
        var token = WriteToken(_sts.MintRoleToken(Account, "payments", "someone-else", TimeSpan.FromMinutes(5)));

        var (exit, output) = await RunAsync("explain", "--token", token);

        Assert.Equal(1, exit);
        Assert.Contains("The token is refused:", output, StringComparison.Ordinal);
        Assert.Contains("not verified (WrongAudience", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Caller", output, StringComparison.Ordinal);
        Assert.DoesNotContain("aws:role:payments", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_TamperedToken_Refused()
    {
        var parts = _sts.MintRoleToken(Account, "payments", "bridge", TimeSpan.FromMinutes(5)).Split('.');
        var otherPayload = _sts.MintRoleToken(Account, "admin", "bridge", TimeSpan.FromMinutes(5)).Split('.')[1];
        var token = WriteToken($"{parts[0]}.{otherPayload}.{parts[2]}");

        var (exit, output) = await RunAsync("explain", "--token", token);

        Assert.Equal(1, exit);
        Assert.Contains("The token is refused:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("aws:role:admin", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_Selectors_ShowsUnverifiedFactsWithoutTemplates()
    {
        var (exit, output) = await RunAsync("explain", "--attestor", "aws-sts", "--selector", "aws:role:payments", "--selector", "aws:region:eu-west-1");

        Assert.True(exit == 0, output);
        Assert.Contains("Caller (selectors as given, not verified): attestor aws-sts", output, StringComparison.Ordinal);
        Assert.Contains("templates are not checked", output, StringComparison.Ordinal);
        Assert.Contains("missing selectors: aws:account:" + Account, output, StringComparison.Ordinal);
        Assert.Contains("2 entries give this caller an identity", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_NoMatch_ExitsOneWithTheNearMisses()
    {
        var (exit, output) = await RunAsync("explain", "--attestor", "aws-sts", "--selector", "aws:region:eu-west-1");

        Assert.Equal(1, exit);
        Assert.Contains("missing selectors: aws:role:payments", output, StringComparison.Ordinal);
        Assert.Contains("No entry gives this caller an identity", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "Give --token FILE|-")]
    [InlineData(new[] { "--attestor", "aws-sts" }, "--attestor needs at least one --selector")]
    [InlineData(new[] { "--attestor", "aws-sts", "--selector", "nocolon" }, "'nocolon' is not of the form type:value")]
    [InlineData(new[] { "--token", "/nonexistent/token", "--attestor", "aws-sts" }, "exclude each other")]
    public async Task Explain_BadUsage_ExitsTwo(string[] arguments, string message)
    {
        var (exit, output) = await RunAsync(["explain", .. arguments]);

        Assert.Equal(2, exit);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_TokenWithoutConfiguredIssuers_ExitsTwoSayingSo()
    {
        var token = WriteToken(_sts.MintRoleToken(Account, "payments", "bridge", TimeSpan.FromMinutes(5)));

        var (exit, output) = await EntryCli.RunAsync(new Dictionary<string, string?>(), null, "explain", "--token", token, "--file", EntriesFile);

        Assert.Equal(2, exit);
        Assert.Contains("No attestor is configured", output, StringComparison.Ordinal);
    }

    private string WriteToken(string token)
    {
        var path = Path.Combine(_dir.FullName, Guid.NewGuid().ToString("N") + ".jwt");
        File.WriteAllText(path, token);
        return path;
    }

    private async Task CreateAsync(string id, string spiffeId, string attestor, params string[] selectors)
    {
        string[] args = ["create", "--id", id, "--spiffe-id", spiffeId, "--attestor", attestor, "--audience", "sts.amazonaws.com", .. selectors.SelectMany(s => new[] { "--selector", s })];
        var (exit, output) = await RunAsync(args);
        Assert.True(exit == 0, output);
    }

    private Task<(int Exit, string Output)> RunAsync(params string[] args) => EntryCli.RunAsync(Environment, null, [.. args, "--file", EntriesFile]);
}
