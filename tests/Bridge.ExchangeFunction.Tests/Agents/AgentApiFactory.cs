using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Nodes;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Agents;
using Bridge.ExchangeFunction.Tests.Policy;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Bridge.Spiffe.Id;
using Bridge.Testing.Agents;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.ExchangeFunction.Tests.Agents;

/// <summary>
/// The real service with an agent authenticator double: an assertion is the name of a node the test enrolled
/// (proof-of-possession authentication is tested on its own). The registration store can be switched to fail.
/// </summary>
public sealed class AgentApiFactory : LoggingBridgeFactory
{
    public StubAgentAuthenticator Agents { get; } = new();

    public StoreFaultTests.FaultyStore Store { get; } = new();

    public static SpiffeId AgentId(string instance) => TestNodes.AgentId(instance);

    public static SpiffeId NodeSetId(string name) => BridgeIds.NodeSet(TrustDomain, name);

    /// <summary>Enrolls a node; calls with <c>BridgeAgent &lt;instance&gt;</c> are then authenticated as it.</summary>
    public NodeRecord Enroll(string instance, params string[] selectors)
    {
        var node = TestNodes.Attested(instance, Time.GetUtcNow(), selectors);
        Agents.Nodes[instance] = node;
        return node;
    }

    /// <summary>Stores a workload entry under <paramref name="parent"/>.</summary>
    public async Task<RegistrationEntry> AddEntryAsync(
        string id, SpiffeId parent, string[]? audiences = null, string[]? selectors = null, string? spiffeId = null, string? hint = null)
    {
        var entry = new RegistrationEntry
        {
            Id = id,
            SpiffeId = spiffeId ?? "spiffe://example.org/workload/" + id,
            ParentId = parent,
            Selectors = [.. (selectors ?? ["unix:uid:1000"]).Select(Selector.Parse)],
            Audiences = audiences ?? ["svc"],
            Hint = hint,
        };
        var result = await Registrations.CreateAsync(entry, CancellationToken.None);
        Assert.Equal(RegistrationWriteStatus.Succeeded, result.Status);
        return result.Entry!;
    }

    /// <summary>Stores a node-set definition.</summary>
    public Task<RegistrationEntry> AddNodeSetAsync(string name, params string[] selectors) =>
        AddEntryAsync("nodeset-" + name, BridgeIds.Server(TrustDomain), [], selectors, NodeSetId(name).ToString());

    /// <summary>A request from the enrolled node <paramref name="instance"/>.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string instance, string? json = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("BridgeAgent", instance);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return request;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IAgentAuthenticator>(Agents);
            services.AddSingleton<IRegistrationStore>(Store);
        });
    }

    /// <summary>Authenticates the assertion that names an enrolled node; anything else is a bad signature.</summary>
    public sealed class StubAgentAuthenticator : IAgentAuthenticator
    {
        public ConcurrentDictionary<string, NodeRecord> Nodes { get; } = new(StringComparer.Ordinal);

        public ValueTask<AgentAuthenticationResult> AuthenticateAsync(AgentCall call, CancellationToken cancellationToken) =>
            ValueTask.FromResult(call.Assertion is { } name && Nodes.TryGetValue(name, out var node)
                ? AgentAuthenticationResult.Success(node)
                : AgentAuthenticationResult.Fail(AgentAuthenticationFailure.InvalidSignature));
    }
}
