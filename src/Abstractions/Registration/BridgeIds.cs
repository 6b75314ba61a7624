using Bridge.Spiffe.Id;

namespace Bridge.Abstractions.Registration;

/// <summary>
/// SPIFFE IDs Bridge reserves for itself. Paths under <see cref="ReservedPathPrefix"/> name Bridge's own parties
/// (attestors, agents, node sets, the server) and are never issued to workloads, as SPIRE reserves <c>/spire</c>.
/// <list type="bullet">
/// <item><c>/bridge/attestor/&lt;name&gt;</c>: parent of entries a configured attestor's callers obtain at <c>/token</c>.</item>
/// <item><c>/bridge/agent/&lt;attestor&gt;/&lt;segments…&gt;</c>: a node agent (e.g. <c>/bridge/agent/aws_iid/&lt;account&gt;/&lt;region&gt;/&lt;instance&gt;</c>);
/// parent of entries only that agent serves.</item>
/// <item><c>/bridge/server</c>: parent of node-set definitions (SPIRE's node alias entries).</item>
/// <item><c>/bridge/nodeset/&lt;name&gt;</c>: a node set, the SPIFFE ID of its definition and the parent of entries every
/// agent whose node selectors include the definition's selectors serves.</item>
/// </list>
/// </summary>
public static class BridgeIds
{
    /// <summary>The reserved path prefix.</summary>
    public const string ReservedPathPrefix = "/bridge";

    /// <summary>The parent ID of entries an attestor instance may obtain: <c>spiffe://td/bridge/attestor/&lt;name&gt;</c>.</summary>
    public static SpiffeId AttestorParent(TrustDomain trustDomain, string attestorName) =>
        SpiffeId.FromSegments(trustDomain, "bridge", "attestor", attestorName);

    /// <summary>
    /// The attestor instance named by <paramref name="parentId"/> when it is <c>spiffe://td/bridge/attestor/&lt;name&gt;</c>
    /// (the inverse of <see cref="AttestorParent"/>); false for any other ID.
    /// </summary>
    public static bool TryGetAttestorName(SpiffeId parentId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? attestorName)
    {
        return TryGetSingleSegment(parentId, ReservedPathPrefix + "/attestor/", out attestorName);
    }

    /// <summary>The parent ID of node-set definitions: <c>spiffe://td/bridge/server</c>.</summary>
    public static SpiffeId Server(TrustDomain trustDomain) => SpiffeId.FromSegments(trustDomain, "bridge", "server");

    /// <summary>The ID of a node set: <c>spiffe://td/bridge/nodeset/&lt;name&gt;</c>.</summary>
    public static SpiffeId NodeSet(TrustDomain trustDomain, string name) =>
        SpiffeId.FromSegments(trustDomain, "bridge", "nodeset", name);

    /// <summary>The node set named by <paramref name="id"/> when it is <c>spiffe://td/bridge/nodeset/&lt;name&gt;</c>; false otherwise.</summary>
    public static bool TryGetNodeSetName(SpiffeId id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? name) =>
        TryGetSingleSegment(id, ReservedPathPrefix + "/nodeset/", out name);

    /// <summary>
    /// The agent ID of a node attested by <paramref name="attestorName"/>:
    /// <c>spiffe://td/bridge/agent/&lt;attestor&gt;/&lt;segments…&gt;</c>.
    /// </summary>
    /// <exception cref="ArgumentException">There is no segment.</exception>
    /// <exception cref="FormatException">A segment is not a valid SPIFFE path segment.</exception>
    public static SpiffeId Agent(TrustDomain trustDomain, string attestorName, IReadOnlyList<string> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Count == 0)
        {
            throw new ArgumentException("An agent ID needs at least one segment after the attestor name.", nameof(segments));
        }

        return SpiffeId.FromSegments(trustDomain, ["bridge", "agent", attestorName, .. segments]);
    }

    /// <summary>True when <paramref name="id"/> is an agent ID: <c>/bridge/agent/&lt;attestor&gt;/&lt;at least one segment&gt;</c>.</summary>
    public static bool IsAgent(SpiffeId id)
    {
        const string prefix = ReservedPathPrefix + "/agent/";
        var path = id.IsZero ? string.Empty : id.Path;
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var attestorEnd = path.IndexOf('/', prefix.Length);
        return attestorEnd > prefix.Length && attestorEnd < path.Length - 1;
    }

    /// <summary>
    /// True for <c>/bridge</c> and everything under it. The comparison ignores case although SPIFFE paths are
    /// case-sensitive: <c>/Bridge/attestor/x</c> would only exist to be mistaken for the real thing.
    /// </summary>
    public static bool IsReservedPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.StartsWith(ReservedPathPrefix, StringComparison.OrdinalIgnoreCase)
            && (path.Length == ReservedPathPrefix.Length || path[ReservedPathPrefix.Length] == '/');
    }

    private static bool TryGetSingleSegment(SpiffeId id, string prefix, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? segment)
    {
        segment = null;
        var path = id.IsZero ? string.Empty : id.Path;
        if (!path.StartsWith(prefix, StringComparison.Ordinal) || path.Length == prefix.Length || path.IndexOf('/', prefix.Length) >= 0)
        {
            return false;
        }

        segment = path[prefix.Length..];
        return true;
    }
}
