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
    /// The attestor instance named by <paramref name="parentId"/> when it is <c>spiffe://td/bridge/attestor/&lt;name&gt;</c>
    /// (the inverse of <see cref="AttestorParent"/>); false for any other ID.
    /// </summary>
    public static bool TryGetAttestorName(SpiffeId parentId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? attestorName)
    {
        const string prefix = ReservedPathPrefix + "/attestor/";
        attestorName = null;
        var path = parentId.IsZero ? string.Empty : parentId.Path;
        if (!path.StartsWith(prefix, StringComparison.Ordinal) || path.Length == prefix.Length || path.IndexOf('/', prefix.Length) >= 0)
        {
            return false;
        }

        attestorName = path[prefix.Length..];
        return true;
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
}
