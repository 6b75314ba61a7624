using Amazon.DynamoDBv2;
using Bridge.Abstractions.Nodes;
using Bridge.Authority.Hosting;
using Bridge.Cli.Stores;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.Cli.Agents;

/// <summary>
/// The node store the service uses, built through the service's own composition and option validation from the
/// same settings (<c>Bridge__Backends__Nodes</c>, <c>NodesFile</c>, <c>NodeExpiryGrace</c>, the DynamoDB table), so
/// <c>bridge agent</c> reads and judges records exactly as the service does.
/// </summary>
internal sealed class NodeStoreConnection : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private NodeStoreConnection(ServiceProvider services, TrustDomain trustDomain, TimeProvider time)
    {
        _services = services;
        Store = services.GetRequiredService<INodeStore>();
        ExpiryGrace = services.GetRequiredService<IOptions<BackendOptions>>().Value.NodeExpiryGrace;
        Description = services.GetRequiredService<BackendCatalog>().Location(BackendSeams.Nodes);
        TrustDomain = trustDomain;
        Time = time;
    }

    /// <summary>The store.</summary>
    public INodeStore Store { get; }

    /// <summary>How long a record outlives its SVID before it is stale, as the service is configured.</summary>
    public TimeSpan ExpiryGrace { get; }

    /// <summary>Names the store for messages: the file path or the table.</summary>
    public string Description { get; }

    /// <summary>The configured trust domain: agent IDs of another are refused.</summary>
    public TrustDomain TrustDomain { get; }

    /// <summary>The clock staleness is judged with.</summary>
    public TimeProvider Time { get; }

    /// <summary>Resolves the settings against <paramref name="environment"/> and opens the store; every configuration problem is returned at once.</summary>
    /// <param name="settings">The command-line values.</param>
    /// <param name="environment">The environment configuration (variables such as <c>Bridge__Backends__Nodes</c>).</param>
    /// <param name="dynamoDbClient">A DynamoDB client to use instead of one built from the settings (tests).</param>
    /// <param name="time">The clock staleness is judged with.</param>
    public static (NodeStoreConnection? Connection, IReadOnlyList<string> Errors) Open(
        StoreSettings settings, IConfiguration environment, IAmazonDynamoDB? dynamoDbClient, TimeProvider time)
    {
        var (provider, trustDomain, errors) = StoreConfiguration.Compose(settings, environment, StoreSeam.Nodes, dynamoDbClient, time);
        return provider is null ? (null, errors) : (new NodeStoreConnection(provider, trustDomain, time), []);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
