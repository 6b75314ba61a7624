using System.Diagnostics.CodeAnalysis;
using Bridge.Abstractions.Nodes;

namespace Bridge.Authority.Agents;

/// <summary>The outcome of authenticating an agent call: the caller's node record, or why not.</summary>
public sealed class AgentAuthenticationResult
{
    private AgentAuthenticationResult(NodeRecord? node, AgentAuthenticationFailure failure, string? detail)
    {
        Node = node;
        Failure = failure;
        Detail = detail;
    }

    /// <summary>The caller's node record as stored now, when <see cref="Succeeded"/>.</summary>
    public NodeRecord? Node { get; }

    /// <summary>Why authentication failed; <see cref="AgentAuthenticationFailure.None"/> on success.</summary>
    public AgentAuthenticationFailure Failure { get; }

    /// <summary>An internal explanation for the audit log; never the assertion, never sent to the caller.</summary>
    public string? Detail { get; }

    /// <summary>True when the caller is an attested, current, unbanned agent.</summary>
    [MemberNotNullWhen(true, nameof(Node))]
    public bool Succeeded => Node is not null;

    /// <summary>A successful result.</summary>
    public static AgentAuthenticationResult Success(NodeRecord node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new AgentAuthenticationResult(node, AgentAuthenticationFailure.None, null);
    }

    /// <summary>A failed result.</summary>
    public static AgentAuthenticationResult Fail(AgentAuthenticationFailure failure, string? detail = null)
    {
        if (failure == AgentAuthenticationFailure.None)
        {
            throw new ArgumentOutOfRangeException(nameof(failure), "A failure needs a failure kind.");
        }

        return new AgentAuthenticationResult(null, failure, detail);
    }
}
