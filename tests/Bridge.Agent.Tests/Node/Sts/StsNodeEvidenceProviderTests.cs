using System.Text.Json;
using Amazon.Runtime;
using Bridge.Agent.Hosting;
using Bridge.Agent.Node;
using Bridge.Agent.Node.Sts;
using Bridge.Testing.Aws.Sts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Tests.Node.Sts;

/// <summary>
/// The agent's <c>aws_sts</c> evidence through the real AWS SDK against <see cref="FakeStsServer"/>, wired as the agent
/// wires it (<see cref="StsNodeEvidenceServiceCollectionExtensions.AddStsNodeEvidence"/>), with fixed credentials
/// registered in the container instead of the SDK's default chain.
/// </summary>
public sealed class StsNodeEvidenceProviderTests : IAsyncLifetime
{
    private FakeStsServer _sts = null!;

    public async ValueTask InitializeAsync() => _sts = await FakeStsServer.StartAsync();

    public async ValueTask DisposeAsync() => await _sts.DisposeAsync();

    [Fact]
    public async Task GetEvidence_AsksStsForAnRs256TokenForTheAudience_AndSendsItAsTheTokenMember()
    {
        await using var services = Services(("Audience", "https://bridge.example.org/token"));
        INodeEvidenceProvider provider = services.GetRequiredService<StsNodeEvidenceProvider>();

        var evidence = await provider.GetEvidenceAsync(reattesting: false, TestContext.Current.CancellationToken);

        Assert.Equal("aws_sts", provider.AttestorName);
        Assert.Null(evidence.WebIdentityToken);
        using var json = JsonDocument.Parse(evidence.EvidenceJson);
        Assert.Equal(["token"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Assert.Single(_sts.IssuedTokens), json.RootElement.GetProperty("token").GetString());
        var call = Assert.Single(_sts.Calls);
        Assert.Equal("GetWebIdentityToken", call.Action);
        Assert.Equal(["https://bridge.example.org/token"], call.Audiences);
        Assert.Equal("RS256", call.SigningAlgorithm);
        Assert.Equal("300", call.DurationSeconds);
        Assert.True(call.Signed);
    }

    [Fact]
    public async Task GetEvidence_WithoutAnAudience_UsesTheServerUrlsTokenEndpoint()
    {
        await using var services = Services(("TokenLifetime", "00:02:00"));

        await services.GetRequiredService<StsNodeEvidenceProvider>().GetEvidenceAsync(reattesting: true, TestContext.Current.CancellationToken);

        var call = Assert.Single(_sts.Calls);
        Assert.Equal(["https://bridge.example.org/token"], call.Audiences);
        Assert.Equal("120", call.DurationSeconds);
    }

    [Fact]
    public async Task GetEvidence_StsRefuses_NodeEvidenceExceptionNamingTheErrorCode()
    {
        await using var services = Services();
        _sts.FailNext(1);

        var error = await Assert.ThrowsAsync<NodeEvidenceException>(async () =>
            await services.GetRequiredService<StsNodeEvidenceProvider>().GetEvidenceAsync(reattesting: false, TestContext.Current.CancellationToken));

        Assert.Contains("OutboundWebIdentityFederationDisabledException", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BadValues_EachNamedByItsFullKey()
    {
        await using var services = Services(
            ("Region", "Ireland"),
            ("StsEndpoint", "http://sts.example.com"),
            ("Audience", "a\nb"),
            ("TokenLifetime", "02:00:00"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StsNodeEvidenceOptions>>().Value);

        Assert.Equal(
            [
                "BridgeAgent:NodeAttestor:AwsSts:Region: not an AWS Region name (e.g. eu-west-1).",
                "BridgeAgent:NodeAttestor:AwsSts:StsEndpoint: an absolute https URL (plain http only for a loopback address).",
                "BridgeAgent:NodeAttestor:AwsSts:Audience: 1 to 1000 characters, the exchange's Bridge:Attestors:Oidc:Audience.",
                "BridgeAgent:NodeAttestor:AwsSts:TokenLifetime: whole seconds from 00:01:00 to 01:00:00 (what STS issues).",
            ],
            error.Failures);
    }

    [Fact]
    public async Task Validate_SelectedWithoutAServerUrlOrAudience_Refused()
    {
        await using var services = Services([], [new("BridgeAgent:NodeAttestor:Attestor", "aws_sts"), new("BridgeAgent:ServerUrl", null)]);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StsNodeEvidenceOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith("BridgeAgent:NodeAttestor:AwsSts:Audience: required", StringComparison.Ordinal));
    }

    private ServiceProvider Services(params (string Key, string Value)[] sts) => Services(sts, []);

    private ServiceProvider Services((string Key, string Value)[] sts, KeyValuePair<string, string?>[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["BridgeAgent:ServerUrl"] = "https://bridge.example.org",
            ["BridgeAgent:TrustDomain"] = "example.org",
            [StsNodeEvidenceOptions.SectionName + ":Region"] = "eu-west-1",
            [StsNodeEvidenceOptions.SectionName + ":StsEndpoint"] = _sts.ServiceUrl.ToString(),
        };
        foreach (var (key, value) in sts)
        {
            values[StsNodeEvidenceOptions.SectionName + ":" + key] = value;
        }

        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton<AWSCredentials>(new BasicAWSCredentials("x", "y"));
        services.AddOptions<AgentOptions>().Bind(configuration.GetSection(AgentOptions.SectionName));
        services.AddStsNodeEvidence(configuration);
        return services.BuildServiceProvider();
    }
}
