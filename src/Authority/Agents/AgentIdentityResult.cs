using System.Diagnostics.CodeAnalysis;
using Bridge.Abstractions.Nodes;
using Bridge.Authority.Issuance.X509;

namespace Bridge.Authority.Agents;

/// <summary>The outcome of attestation or renewal: the agent SVID and the node record as stored, or why not.</summary>
public sealed class AgentIdentityResult
{
    private AgentIdentityResult(AgentIdentityFailure failure, NodeRecord? node, X509SvidIssuance? svid)
    {
        Failure = failure;
        Node = node;
        Svid = svid;
    }

    /// <summary>Why no SVID was issued; <see cref="AgentIdentityFailure.None"/> on success.</summary>
    public AgentIdentityFailure Failure { get; }

    /// <summary>The node record as stored after the write that made <see cref="Svid"/> valid.</summary>
    public NodeRecord? Node { get; }

    /// <summary>The agent X.509-SVID with its intermediates and the trust anchors.</summary>
    public X509SvidIssuance? Svid { get; }

    /// <summary>True when an SVID was issued and recorded.</summary>
    [MemberNotNullWhen(true, nameof(Node), nameof(Svid))]
    public bool Succeeded => Failure == AgentIdentityFailure.None;

    /// <summary>A recorded SVID.</summary>
    public static AgentIdentityResult Issued(NodeRecord node, X509SvidIssuance svid)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(svid);
        if (!svid.Succeeded)
        {
            throw new ArgumentException("The issuance must have succeeded.", nameof(svid));
        }

        return new AgentIdentityResult(AgentIdentityFailure.None, node, svid);
    }

    /// <summary>A refusal.</summary>
    public static AgentIdentityResult Fail(AgentIdentityFailure failure)
    {
        if (failure == AgentIdentityFailure.None || !Enum.IsDefined(failure))
        {
            throw new ArgumentOutOfRangeException(nameof(failure), failure, "A failure must name a reason.");
        }

        return new AgentIdentityResult(failure, null, null);
    }
}
