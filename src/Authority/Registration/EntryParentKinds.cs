using Bridge.Abstractions.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Registration;

/// <summary>Classifies parent IDs by their reserved path (<see cref="BridgeIds"/>); the trust domain is checked elsewhere.</summary>
public static class EntryParentKinds
{
    /// <summary>What <paramref name="parentId"/> names; <see cref="EntryParentKind.Unknown"/> for anything else.</summary>
    public static EntryParentKind Of(SpiffeId parentId)
    {
        if (parentId.IsZero)
        {
            return EntryParentKind.Unknown;
        }

        if (BridgeIds.TryGetAttestorName(parentId, out _))
        {
            return EntryParentKind.Attestor;
        }

        if (BridgeIds.IsAgent(parentId))
        {
            return EntryParentKind.Agent;
        }

        if (BridgeIds.TryGetNodeSetName(parentId, out _))
        {
            return EntryParentKind.NodeSet;
        }

        return parentId == BridgeIds.Server(parentId.TrustDomain) ? EntryParentKind.Server : EntryParentKind.Unknown;
    }

    /// <summary>True for the parents of workload entries, served by agents: an agent or a node set.</summary>
    public static bool IsAgentSide(this EntryParentKind kind) => kind is EntryParentKind.Agent or EntryParentKind.NodeSet;
}
