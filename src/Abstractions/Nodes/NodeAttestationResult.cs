using System.Diagnostics.CodeAnalysis;
using Bridge.Abstractions.Attestation;

namespace Bridge.Abstractions.Nodes;

/// <summary>The outcome of node attestation: verified facts, or a failure kind. Bad evidence is a value, not an exception.</summary>
public sealed class NodeAttestationResult
{
    private NodeAttestationResult(AttestedNode? node, AttestationFailureKind failureKind, string? detail)
    {
        Node = node;
        FailureKind = failureKind;
        Detail = detail;
    }

    /// <summary>The verified node when <see cref="Succeeded"/>.</summary>
    public AttestedNode? Node { get; }

    /// <summary>Why attestation failed; <see cref="AttestationFailureKind.None"/> on success.</summary>
    public AttestationFailureKind FailureKind { get; }

    /// <summary>An internal explanation for the audit log. Never contains the evidence; never sent to the caller.</summary>
    public string? Detail { get; }

    /// <summary>True when the evidence was verified.</summary>
    [MemberNotNullWhen(true, nameof(Node))]
    public bool Succeeded => Node is not null;

    /// <summary>A successful result.</summary>
    public static NodeAttestationResult Success(AttestedNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new NodeAttestationResult(node, AttestationFailureKind.None, null);
    }

    /// <summary>A failed result.</summary>
    public static NodeAttestationResult Failure(AttestationFailureKind kind, string? detail = null)
    {
        if (kind == AttestationFailureKind.None)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), "A failure needs a failure kind.");
        }

        return new NodeAttestationResult(null, kind, detail);
    }
}
