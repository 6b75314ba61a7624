using System.Net;
using System.Text.Json;
using Bridge.Agent.Node;
using Bridge.Agent.Tests.TestSupport;
using Bridge.Testing.Aws.Ec2;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Agent.Tests.Node;

/// <summary>The IMDSv2 evidence provider against <see cref="FakeImdsServer"/>: the token flow, bounded reads, and failures as <see cref="NodeEvidenceException"/>.</summary>
public sealed class ImdsNodeEvidenceProviderTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private IidExchange _exchange = null!;

    public async ValueTask InitializeAsync() => _exchange = await IidExchange.StartAsync();

    [Fact]
    public async Task Evidence_IsTheRsa2048ValueExactlyAsImdsServesIt_FetchedWithASessionToken()
    {
        var evidence = await Provider().GetEvidenceAsync(reattesting: false, TestContext.Current.CancellationToken);

        using var json = JsonDocument.Parse(evidence.EvidenceJson);
        var member = Assert.Single(json.RootElement.EnumerateObject());
        Assert.Equal("rsa2048", member.Name);
        Assert.Equal(_exchange.Iid.Sign(new TestIidDocument()).Length, member.Value.GetString()!.Length);
        Assert.Null(evidence.WebIdentityToken);
        Assert.Equal(["PUT /latest/api/token 200", "GET /latest/dynamic/instance-identity/rsa2048 200"], _exchange.Imds.Requests);
    }

    [Fact]
    public async Task FakeImds_RefusesAGetWithoutASessionToken_AsHttpTokensRequired()
    {
        using var http = new HttpClient();

        var response = await http.GetAsync(new Uri(_exchange.Imds.BaseAddress, "/latest/dynamic/instance-identity/rsa2048"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task ImdsErrorStatus_IsANodeEvidenceException(HttpStatusCode status)
    {
        _exchange.Imds.FailWith = status;

        var failure = await Assert.ThrowsAsync<NodeEvidenceException>(async () => await Provider().GetEvidenceAsync(false, TestContext.Current.CancellationToken));

        Assert.Contains($"HTTP {(int)status}", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("")]
    public async Task GarbageSignature_IsANodeEvidenceException(string value)
    {
        _exchange.Imds.Rsa2048Override = value;

        await Assert.ThrowsAsync<NodeEvidenceException>(async () => await Provider().GetEvidenceAsync(false, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task OversizedAnswer_IsRefusedWithoutReadingItAll()
    {
        _exchange.Imds.Rsa2048Override = new string('A', 64 * 1024);

        var failure = await Assert.ThrowsAsync<NodeEvidenceException>(async () => await Provider().GetEvidenceAsync(false, TestContext.Current.CancellationToken));

        Assert.Contains("more than", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableImds_IsANodeEvidenceException()
    {
        var port = _exchange.Imds.BaseAddress.Port;
        await _exchange.Imds.DisposeAsync();
        await using var agent = TestAgent.Create(_exchange, _directory.Data, new Dictionary<string, string?> { ["BridgeAgent:NodeAttestor:ImdsEndpoint"] = $"http://127.0.0.1:{port}" });

        await Assert.ThrowsAsync<NodeEvidenceException>(async () =>
            await agent.Services.GetRequiredService<INodeEvidenceProvider>().GetEvidenceAsync(false, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Reattesting_WithTheSettingOn_AddsAWebIdentityTokenForTheExchangesAudience()
    {
        await using var agent = TestAgent.Create(_exchange, _directory.Data, new Dictionary<string, string?> { ["BridgeAgent:NodeAttestor:ReattestWithWebIdentityToken"] = "true" });
        var provider = agent.Services.GetRequiredService<INodeEvidenceProvider>();

        var first = await provider.GetEvidenceAsync(reattesting: false, TestContext.Current.CancellationToken);
        var again = await provider.GetEvidenceAsync(reattesting: true, TestContext.Current.CancellationToken);

        Assert.Null(first.WebIdentityToken);
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(again.WebIdentityToken);
        Assert.Equal([IidExchange.StsAudience], token.Audiences);
        Assert.Equal("RS256", token.Alg);
        var call = Assert.Single(_exchange.Sts.Calls);
        Assert.Equal("GetWebIdentityToken", call.Action);
        Assert.DoesNotContain(again.WebIdentityToken!, again.ToString(), StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _exchange.DisposeAsync();
        _directory.Dispose();
    }

    private INodeEvidenceProvider Provider() => TestAgent.Create(_exchange, _directory.Data).Services.GetRequiredService<INodeEvidenceProvider>();
}
