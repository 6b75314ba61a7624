using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Spiffe.Id;

namespace Bridge.Agent.Node;

/// <summary>
/// The agent SVID with its private key: what signs the proof-of-possession assertions. Only the identity service and
/// the agent API client hold it; it is never logged and never leaves the process except to the owner-only data directory.
/// </summary>
internal sealed class AgentCredentials
{
    public AgentCredentials(SpiffeId agentId, ECDsa key, IReadOnlyList<X509Certificate2> chain, IReadOnlyList<X509Certificate2> trustBundle)
    {
        AgentId = agentId;
        Key = key;
        Chain = chain;
        TrustBundle = trustBundle;
        ChainBase64 = [.. chain.Select(c => Convert.ToBase64String(c.RawData))];
        IssuedAt = new DateTimeOffset(chain[0].NotBefore.ToUniversalTime(), TimeSpan.Zero);
        ExpiresAt = new DateTimeOffset(chain[0].NotAfter.ToUniversalTime(), TimeSpan.Zero);
        SerialNumber = chain[0].SerialNumber.ToLowerInvariant();
    }

    public SpiffeId AgentId { get; }

    public ECDsa Key { get; }

    /// <summary>Leaf first, then Bridge's intermediates.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; }

    /// <summary>The trust domain's X.509 roots as the server sent them with the SVID.</summary>
    public IReadOnlyList<X509Certificate2> TrustBundle { get; }

    /// <summary>The chain as standard base64 DER, the assertion's <c>x5c</c>.</summary>
    public IReadOnlyList<string> ChainBase64 { get; }

    public DateTimeOffset IssuedAt { get; }

    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The leaf's serial number, lowercase hex (as the server's node record holds it).</summary>
    public string SerialNumber { get; }

    /// <inheritdoc/>
    public override string ToString() => $"agent SVID {AgentId} serial {SerialNumber} (expires {ExpiresAt:O})";
}
