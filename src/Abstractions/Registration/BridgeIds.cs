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
}
