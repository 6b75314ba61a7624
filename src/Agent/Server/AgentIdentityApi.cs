using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Bridge.Agent.Hosting;
using Bridge.Agent.Node;
using Bridge.Protocol.Agents;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Server;

/// <summary>
/// The agent's own routes: <c>POST /agent/v1/attest</c> (unauthenticated, with the node's evidence) and
/// <c>POST /agent/v1/renew</c> (authenticated with the current SVID). Each sends a CSR for a P-256 key generated in
/// process and checks the answer before the key and chain become <see cref="AgentCredentials"/>: the agent ID of this
/// trust domain under <c>/bridge/agent/</c>, the chain parses, the leaf carries our key and the ID, and it chains to the
/// trust bundle sent with it.
/// </summary>
internal sealed class AgentIdentityApi(AgentApiTransport transport, IOptions<AgentOptions> agent, TimeProvider time)
{
    public const string AttestPath = "/agent/v1/attest";
    public const string RenewPath = "/agent/v1/renew";
    private const int MaxAnswerBytes = 256 * 1024;

    public async Task<AgentCredentials> AttestAsync(string attestor, NodeEvidence evidence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var document = JsonDocument.Parse(evidence.EvidenceJson);
        var body = AgentApiJson.Serialize(
            new AgentAttestationBody
            {
                Attestor = attestor,
                Evidence = document.RootElement,
                Csr = Convert.ToBase64String(Csr(key)),
                WebIdentityToken = evidence.WebIdentityToken,
            },
            AgentApiJsonContext.Default.AgentAttestationBody);
        var answer = await transport.SendAsync(HttpMethod.Post, AttestPath, body, null, null, MaxAnswerBytes, cancellationToken).ConfigureAwait(false);
        return Read(AttestPath, answer, key, expectedId: null);
    }

    public async Task<AgentCredentials> RenewAsync(AgentCredentials current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var body = AgentApiJson.Serialize(new AgentRenewalBody { Csr = Convert.ToBase64String(Csr(key)) }, AgentApiJsonContext.Default.AgentRenewalBody);
        var answer = await transport.SendAsync(HttpMethod.Post, RenewPath, body, current, null, MaxAnswerBytes, cancellationToken).ConfigureAwait(false);
        return Read(RenewPath, answer, key, current.AgentId);
    }

    /// <summary>A PKCS#10 request for <paramref name="key"/>; the exchange uses only its public key.</summary>
    internal static byte[] Csr(ECDsa key) =>
        new CertificateRequest(new X500DistinguishedName("CN=bridge-agent"), key, HashAlgorithmName.SHA256).CreateSigningRequest();

    private AgentCredentials Read(string route, AgentApiAnswer answer, ECDsa key, SpiffeId? expectedId)
    {
        var trustDomain = TrustDomain.Parse(agent.Value.TrustDomain!);
        var document = AgentApiJson.TryDeserialize(answer.Body, AgentApiJsonContext.Default.AgentSvidResponse)
            ?? throw AgentResponseReader.Invalid(route, "a body that is not an agent SVID document");
        var id = AgentResponseReader.SpiffeIdOf(route, document.SpiffeId, trustDomain);
        if (!id.Path.StartsWith("/bridge/agent/", StringComparison.Ordinal) || (expectedId is { } expected && id != expected))
        {
            throw AgentResponseReader.Invalid(route, "an agent ID that is not this agent's");
        }

        var chain = AgentResponseReader.Certificates(route, document.CertificateChain);
        var roots = AgentResponseReader.Certificates(route, document.TrustBundle, max: 32);
        AgentResponseReader.RequireUriSan(route, chain[0], id);
        using var leafKey = chain[0].GetECDsaPublicKey();
        if (leafKey is null || !leafKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
        {
            throw AgentResponseReader.Invalid(route, "a certificate for another key");
        }

        if (!Chains(chain, roots, time.GetUtcNow()))
        {
            throw AgentResponseReader.Invalid(route, "a chain that does not lead to the trust bundle sent with it");
        }

        return new AgentCredentials(id, key, chain, roots);
    }

    /// <summary>The leaf chains to one of <paramref name="roots"/> (only those), through the intermediates sent with it.</summary>
    internal static bool Chains(IReadOnlyList<X509Certificate2> chain, IReadOnlyList<X509Certificate2> roots, DateTimeOffset now)
    {
        using var builder = new X509Chain();
        builder.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        builder.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        builder.ChainPolicy.VerificationTimeIgnored = false;
        builder.ChainPolicy.VerificationTime = now.UtcDateTime;
        builder.ChainPolicy.CustomTrustStore.AddRange(roots.ToArray());
        builder.ChainPolicy.ExtraStore.AddRange(chain.Skip(1).ToArray());
        return builder.Build(chain[0]);
    }
}
