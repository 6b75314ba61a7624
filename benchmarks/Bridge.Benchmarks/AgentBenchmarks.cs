using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Nodes;
using Bridge.Abstractions.Registration;
using Bridge.Authority;
using Bridge.Authority.Agents;
using Bridge.Authority.Aws.DynamoDb;
using Bridge.Authority.Bundles;
using Bridge.Authority.Ca;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Issuance.X509;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Bridge.Spiffe.Id;
using Bridge.Testing.Authority;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bridge.Benchmarks;

/// <summary>
/// The agent API's workload side in process, minus HTTP and authentication: the sync of one agent's authorized entries
/// out of 10,000 (1,000 agents with 5 entries each, 100 node sets with 50 each; the node is in 5 sets, so 255 are
/// its), and a batch of 10 P-256 CSRs. The registration store is the DynamoDB store with its warm entry index (the
/// index makes no DynamoDB call inside its interval; docs/dynamodb.md).
/// </summary>
[MemoryDiagnoser]
public class AgentBenchmarks
{
    private const int Agents = 1_000;
    private const int EntriesPerAgent = 5;
    private const int NodeSets = 100;
    private const int EntriesPerNodeSet = 50;
    private const int SetsOfTheNode = 5;

    private AgentEntryAuthorizer _authorizer = null!;
    private AgentSvidService _service = null!;
    private NodeRecord _node = null!;
    private List<AgentX509SvidRequest> _batch = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var time = TimeProvider.System;
        var trustDomain = TrustDomain.Parse("example.org");
        var options = Options.Create(new AuthorityOptions { TrustDomain = "example.org", Issuer = "https://bridge.example.org" });
        var store = new DynamoDbRegistrationStore(
            InMemoryEntryTable.Create(), Options.Create(new DynamoDbRegistrationStoreOptions { TableName = "bench", IndexRefreshInterval = TimeSpan.FromMinutes(5) }), time);

        for (var a = 0; a < Agents; a++)
        {
            var agent = BridgeIds.Agent(trustDomain, "aws_iid", ["123456789012", "us-east-1", $"i-{a:D5}"]);
            for (var e = 0; e < EntriesPerAgent; e++)
            {
                await CreateAsync(store, $"agent-{a:D5}-{e}", agent.ToString(), agent, [$"unix:uid:{1000 + e}"]);
            }
        }

        for (var s = 0; s < NodeSets; s++)
        {
            var nodeSet = BridgeIds.NodeSet(trustDomain, $"set-{s:D3}");
            await CreateAsync(store, $"set-{s:D3}", nodeSet.ToString(), BridgeIds.Server(trustDomain), ["aws_iid:account:123456789012", $"aws_iid:tag:set:{s:D3}"]);
            for (var e = 0; e < EntriesPerNodeSet; e++)
            {
                await CreateAsync(store, $"set-{s:D3}-{e:D2}", $"spiffe://example.org/set-{s:D3}/app-{e:D2}", nodeSet, [$"unix:uid:{2000 + e}"]);
            }
        }

        _node = new NodeRecord
        {
            AgentId = BridgeIds.Agent(trustDomain, "aws_iid", ["123456789012", "us-east-1", "i-00000"]),
            AttestorName = "aws_iid",
            AttestationFingerprint = "123456789012/us-east-1/i-00000",
            Selectors = [Selector.Parse("aws_iid:account:123456789012"), .. Enumerable.Range(0, SetsOfTheNode).Select(s => Selector.Parse($"aws_iid:tag:set:{s * 20:D3}"))],
            FirstAttestedAt = time.GetUtcNow(),
            LastAttestedAt = time.GetUtcNow(),
            SvidSerialNumber = "01",
            SvidExpiresAt = time.GetUtcNow().AddHours(1),
        };

        var keys = new InMemoryKeyManager();
        var ca = SingleProcessAuthority.CreateCertificateAuthority(options, keys,
            SingleProcessAuthority.CreateSelfSignedUpstream(Options.Create(new SelfSignedUpstreamOptions()), options, keys, time), time);
        var jwtIssuer = SingleProcessAuthority.CreateJwtIssuer(keys, options, time);
        await jwtIssuer.InitializeAsync(CancellationToken.None);
        await ca.InitializeAsync(CancellationToken.None);
        _authorizer = new AgentEntryAuthorizer(store, options, time);
        _service = new AgentSvidService(_authorizer, new TrustBundleProvider(jwtIssuer, ca, options, time), jwtIssuer,
            new X509SvidIssuer(ca, time), ca, options, NullLogger<AgentSvidService>.Instance);

        _batch = [];
        for (var i = 0; i < 10; i++)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            _batch.Add(new AgentX509SvidRequest($"set-000-{i:D2}", new CertificateRequest("CN=bench", key, HashAlgorithmName.SHA256).CreateSigningRequest()));
        }

        var set = await _authorizer.AuthorizeAsync(_node, CancellationToken.None);
        if (set.Entries.Count != EntriesPerAgent + SetsOfTheNode * EntriesPerNodeSet)
        {
            throw new InvalidOperationException($"Expected {EntriesPerAgent + SetsOfTheNode * EntriesPerNodeSet} authorized entries, got {set.Entries.Count}.");
        }
    }

    [Benchmark(Description = "Agent: authorize 255 of 10,000 entries (100 node sets)")]
    public async Task<string> AuthorizeAsync() => (await _authorizer.AuthorizeAsync(_node, CancellationToken.None)).Revision;

    [Benchmark(Description = "Agent: sync (authorize + bundle + revision)")]
    public async Task<string> SyncAsync() =>
        (await _service.SyncAsync(_node, CancellationToken.None)).Value?.Revision ?? throw new InvalidOperationException("sync failed");

    [Benchmark(Description = "Agent: batch of 10 P-256 CSRs -> X.509-SVIDs")]
    public async Task<int> MintX509BatchAsync()
    {
        var result = await _service.MintX509SvidsAsync(_node, _batch, CancellationToken.None);
        return result.Value?.Count ?? throw new InvalidOperationException(result.Failure.ToString());
    }

    [Benchmark(Description = "Agent: ES256 JWT-SVID")]
    public async Task<string> MintJwtAsync()
    {
        var result = await _service.MintJwtSvidAsync(_node, "set-000-00", ["svc"], CancellationToken.None);
        return result.Value?.Svid.Token ?? throw new InvalidOperationException(result.Failure.ToString());
    }

    private static async Task CreateAsync(DynamoDbRegistrationStore store, string id, string spiffeId, SpiffeId parent, string[] selectors)
    {
        var result = await store.CreateAsync(
            new RegistrationEntry { Id = id, SpiffeId = spiffeId, ParentId = parent, Selectors = [.. selectors.Select(Selector.Parse)], Audiences = ["svc"] },
            CancellationToken.None);
        if (result.Status != RegistrationWriteStatus.Succeeded)
        {
            throw new InvalidOperationException($"Seeding {id}: {result.Status}");
        }
    }
}
