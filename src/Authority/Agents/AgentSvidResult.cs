using System.Diagnostics.CodeAnalysis;
using Bridge.Abstractions.Nodes;
using Bridge.Authority.Issuance.X509;

namespace Bridge.Authority.Agents;

/// <summary>The outcome of attestation or renewal: the agent SVID and the node record as stored, or why not.</summary>
public sealed class AgentSvidResult
{
    private AgentSvidResult(AgentSvidFailure failure, NodeRecord? node, X509SvidIssuance? svid)
    {
        Failure = failure;
        Node = node;
        Svid = svid;
    }

    /// <summary>Why no SVID was issued; <see cref="AgentSvidFailure.None"/> on success.</summary>
    public AgentSvidFailure Failure { get; }

    /// <summary>The node record as stored after the write that made <see cref="Svid"/> valid.</summary>
    public NodeRecord? Node { get; }

    /// <summary>The agent X.509-SVID with its intermediates and the trust anchors.</summary>
    public X509SvidIssuance? Svid { get; }

    /// <summary>True when an SVID was issued and recorded.</summary>
    [MemberNotNullWhen(true, nameof(Node), nameof(Svid))]
    public bool Succeeded => Failure == AgentSvidFailure.None;

    /// <summary>A recorded SVID.</summary>
    public static AgentSvidResult Issued(NodeRecord node, X509SvidIssuance svid)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(svid);
        if (!svid.Succeeded)
        {
            throw new ArgumentException("The issuance must have succeeded.", nameof(svid));
        }

        return new AgentSvidResult(AgentSvidFailure.None, node, svid);
    }

    /// <summary>A refusal.</summary>
    public static AgentSvidResult Fail(AgentSvidFailure failure)
    {
        if (failure == AgentSvidFailure.None || !Enum.IsDefined(failure))
        {
            throw new ArgumentOutOfRangeException(nameof(failure), failure, "A failure must name a reason.");
        }

        return new AgentSvidResult(failure, null, null);
    }
}
