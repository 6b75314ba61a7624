using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Nodes;
using Bridge.Abstractions.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Testing.Agents;

/// <summary>Node records of <c>aws_iid</c> instances in <c>example.org</c>, as an attestation stores them.</summary>
public static class TestNodes
{
    /// <summary>The account of every test instance.</summary>
    public const string Account = "123456789012";

    /// <summary>The Region of every test instance.</summary>
    public const string Region = "us-east-1";

    /// <summary>The trust domain of the agent IDs.</summary>
    public static readonly TrustDomain TrustDomain = TrustDomain.Parse("example.org");

    /// <summary>The agent ID of <paramref name="instance"/>.</summary>
    public static SpiffeId AgentId(string instance) => BridgeIds.Agent(TrustDomain, "aws_iid", [Account, Region, instance]);

    /// <summary>
    /// The record of <paramref name="instance"/> attested at <paramref name="now"/> with <paramref name="selectors"/>:
    /// serial <c>01</c>, an SVID valid for one hour, revision 1.
    /// </summary>
    public static NodeRecord Attested(string instance, DateTimeOffset now, params string[] selectors) => new()
    {
        AgentId = AgentId(instance),
        AttestorName = "aws_iid",
        AttestationFingerprint = $"{Account}/{Region}/{instance}",
        Selectors = [.. selectors.Select(Selector.Parse)],
        FirstAttestedAt = now,
        LastAttestedAt = now,
        SvidSerialNumber = "01",
        SvidExpiresAt = now.AddHours(1),
        Revision = 1,
    };
}
