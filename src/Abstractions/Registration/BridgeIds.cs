using Bridge.Spiffe.Id;

namespace Bridge.Abstractions.Registration;

/// <summary>
/// SPIFFE IDs Bridge reserves for itself. Paths under <see cref="ReservedPathPrefix"/> name Bridge's own parties
/// (attestors, later agents) and are never issued to workloads, as SPIRE reserves <c>/spire</c>.
/// </summary>
public static class BridgeIds
{
    /// <summary>The reserved path prefix.</summary>
    public const string ReservedPathPrefix = "/bridge";

    /// <summary>The parent ID of entries an attestor instance may obtain: <c>spiffe://td/bridge/attestor/&lt;name&gt;</c>.</summary>
    public static SpiffeId AttestorParent(TrustDomain trustDomain, string attestorName) =>
        SpiffeId.FromSegments(trustDomain, "bridge", "attestor", attestorName);

    /// <summary>True when <paramref name="path"/> is the reserved prefix or under it.</summary>
    public static bool IsReservedPath(string path) =>
        path == ReservedPathPrefix || path.StartsWith(ReservedPathPrefix + "/", StringComparison.Ordinal);
}
