using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Attestors.AwsIid;
using Bridge.Cli.Dev;
using Bridge.Spiffe.Bundle;
using Bridge.Spiffe.Id;

namespace Bridge.Cli.Demo;

/// <summary>
/// <c>bridge demo</c>: the whole story in one process on loopback. Two registered roles exchange STS-shaped tokens
/// for JWT- and X.509-SVIDs, the SVIDs are validated the way relying parties would, the X.509-SVIDs carry a mutual
/// TLS handshake, and the denials are verified: an unregistered role gets nothing, a client without an SVID cannot
/// connect, a replayed token is refused. Then the agent half (<see cref="AgentLab"/>): workloads on an "instance" get
/// their SVIDs from the local agent over the Workload API, and an unregistered one gets nothing.
/// </summary>
internal sealed partial class DemoRunner(TimeProvider time, Action<DemoStep> onStep)
{
    private static readonly DemoWorkload Payments = new("payments", "spiffe://{td}/aws/{account}/role/{role_name}", ["ledger", "sts.amazonaws.com"]);
    private static readonly DemoWorkload Ledger = new("ledger", "spiffe://{td}/ledger", ["payments"]);

    private readonly List<DemoStep> _steps = [];

    public IReadOnlyList<DemoStep> Steps => _steps;

    public DemoArtifacts Artifacts { get; } = new();

    public async Task<bool> RunAsync(bool verbose, CancellationToken cancellationToken)
    {
        await using var sts = await LocalStsIssuer.StartAsync(time, cancellationToken);
        await using var imds = await LocalImds.StartAsync(DemoWorkload.Account, time, cancellationToken);
        await using var bridge = await DemoExchangeHost.StartAsync(
            sts.Issuer, verbose, cancellationToken, AwsIidCertificateTable.Create([new(LocalImds.Region, imds.Certificate)]), DemoWorkload.Account);
        using var http = new HttpClient { BaseAddress = new Uri(bridge.BaseAddress + "/") };
        var client = new DemoExchange(http, time);
        var trustDomain = TrustDomain.Parse(DemoExchangeHost.TrustDomain);

        await RegisterAsync(bridge, trustDomain, cancellationToken);

        var paymentsToken = sts.MintRoleToken(DemoWorkload.Account, Payments.Role, DemoExchangeHost.BridgeAudience, TimeSpan.FromMinutes(5));
        var paymentsJwt = await ExchangeJwtAsync(client, Payments, "ledger", paymentsToken, trustDomain, cancellationToken);
        var ledgerJwt = await ExchangeJwtAsync(client, Ledger, "payments", Mint(sts, Ledger), trustDomain, cancellationToken);
        var paymentsSvid = await ExchangeX509Async(client, Payments, Mint(sts, Payments), trustDomain, cancellationToken);
        var ledgerSvid = await ExchangeX509Async(client, Ledger, Mint(sts, Ledger), trustDomain, cancellationToken);
        Artifacts.JwtSvid = paymentsJwt;
        Artifacts.X509Svid = paymentsSvid;

        var bundle = await FetchBundleAsync(http, trustDomain, cancellationToken);
        await ValidateJwtSvidAsync(http, paymentsJwt, bundle, Payments.ExpectedId(trustDomain), cancellationToken);
        _ = ledgerJwt;
        VerifyX509Svids(bundle, trustDomain, (Payments, paymentsSvid), (Ledger, ledgerSvid));
        await MutualTlsAsync(bundle, trustDomain, paymentsSvid, ledgerSvid);

        await VerifyDenialsAsync(client, bridge.Audit, sts, paymentsToken, bundle, trustDomain, ledgerSvid, paymentsSvid, cancellationToken);

        // The agent half: an EC2 "instance" whose workloads get their SVIDs from the local agent, not the exchange.
        var agentId = SpiffeId.Parse($"spiffe://{trustDomain.Name}/bridge/agent/aws_iid/{DemoWorkload.Account}/{LocalImds.Region}/{LocalImds.InstanceId}");
        await new AgentLab(Record).RunAsync(
            new AgentLab.Setup(bridge.BaseAddress, bridge.Registrations, trustDomain, new Uri(imds.Endpoint), agentId, Artifacts.BundleJson ?? "{}"),
            verbose,
            cancellationToken);
        return _steps.TrueForAll(s => s.Passed || s.Skipped);
    }

    private static string Mint(LocalStsIssuer sts, DemoWorkload workload) =>
        sts.MintRoleToken(DemoWorkload.Account, workload.Role, DemoExchangeHost.BridgeAudience, TimeSpan.FromMinutes(5));

    private void Record(string name, string expected, bool passed, string detail, string? reason = null) =>
        Record(new DemoStep(name, expected, passed, detail, reason));

    private void Record(DemoStep step)
    {
        _steps.Add(step);
        onStep(step);
    }

    private async Task RegisterAsync(DemoExchangeHost bridge, TrustDomain trustDomain, CancellationToken cancellationToken)
    {
        foreach (var workload in new[] { Payments, Ledger })
        {
            var entry = workload.ToEntry(trustDomain) with { SpiffeId = workload.SpiffeIdTemplate.Replace("{td}", trustDomain.Name, StringComparison.Ordinal) };
            var result = await bridge.Registrations.CreateAsync(entry, cancellationToken);
            Record($"Register role '{workload.Role}'", "entry stored", result.Entry is not null,
                $"{entry.SpiffeId} ← {string.Join(", ", entry.Selectors)}");
        }
    }

    private async Task<string?> ExchangeJwtAsync(
        DemoExchange client, DemoWorkload workload, string audience, string subjectToken, TrustDomain trustDomain, CancellationToken cancellationToken)
    {
        var outcome = await client.RequestJwtSvidAsync(subjectToken, audience, cancellationToken);
        Record($"{workload.Role}: JWT-SVID for audience '{audience}'", "issued", outcome.SpiffeId == workload.ExpectedId(trustDomain), outcome.Describe());
        return outcome.Svid?.Token;
    }

    private async Task<SvidCredential?> ExchangeX509Async(
        DemoExchange client, DemoWorkload workload, string subjectToken, TrustDomain trustDomain, CancellationToken cancellationToken)
    {
        // The private key is made here and never leaves: Bridge sees only the CSR.
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=" + workload.Role, key, HashAlgorithmName.SHA256).CreateSigningRequest();
        var outcome = await client.RequestX509SvidAsync(subjectToken, csr, cancellationToken);
        var ok = outcome.SpiffeId == workload.ExpectedId(trustDomain);
        Record($"{workload.Role}: X.509-SVID from a P-256 CSR", "issued", ok, outcome.Describe());
        return ok ? new SvidCredential(outcome.Svid!.Leaf, key, [.. outcome.Svid.Chain.Skip(1)]) : null;
    }

    private async Task<SpiffeBundle?> FetchBundleAsync(HttpClient http, TrustDomain trustDomain, CancellationToken cancellationToken)
    {
        var json = await http.GetStringAsync(new Uri("bundle", UriKind.Relative), cancellationToken);
        Artifacts.BundleJson = json;
        var parsed = SpiffeBundleDocument.TryParse(trustDomain, json, out var bundle, out var error);
        Record("Fetch the SPIFFE bundle (/bundle)", "valid bundle", parsed,
            parsed ? $"{bundle!.X509Authorities.Count} X.509 root(s), {bundle.JwtAuthorities.Count} JWT key(s)" : error!);
        Artifacts.Roots = bundle?.X509Authorities ?? [];
        return bundle;
    }
}
