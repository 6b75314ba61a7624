using Bridge.Agent.Cache;
using Google.Protobuf;

namespace Bridge.Agent.WorkloadApi;

/// <summary>
/// Builds the Workload API's stream messages from a snapshot: always the full state (the specification: an identity
/// or bundle left out is one taken away). SVIDs share the snapshot's bytes instead of copying them.
/// </summary>
internal static class WorkloadResponses
{
    /// <summary>
    /// The caller's X.509-SVIDs, in serving order (the first is the default identity), each with its trust domain's
    /// roots. Identities with no SVID minted yet are left out, and so is any later identity repeating an earlier one's
    /// hint (the first wins, as SPIRE does). Null when none has an SVID yet.
    /// </summary>
    public static X509SVIDResponse? X509Svids(IdentitySnapshot snapshot, IReadOnlyList<CachedIdentity> matched)
    {
        var bundle = BundleEncoding.Of(snapshot.Bundle!);
        var response = new X509SVIDResponse();
        var hints = new HashSet<string>(StringComparer.Ordinal);
        foreach (var identity in matched)
        {
            if (identity.X509Svid is not { } svid || !IsFirstWithHint(identity, hints))
            {
                continue;
            }

            response.Svids.Add(new X509SVID
            {
                SpiffeId = identity.Entry.SpiffeId,
                X509Svid = UnsafeByteOperations.UnsafeWrap(svid.ChainDer),
                X509SvidKey = UnsafeByteOperations.UnsafeWrap(svid.PrivateKeyPkcs8),
                Bundle = bundle.X509Der,
                Hint = identity.Entry.Hint ?? string.Empty,
            });
        }

        return response.Svids.Count == 0 ? null : response;
    }

    /// <summary>The X.509 roots keyed by trust domain ID.</summary>
    public static X509BundlesResponse X509Bundles(IdentitySnapshot snapshot)
    {
        var bundle = BundleEncoding.Of(snapshot.Bundle!);
        return new X509BundlesResponse { Bundles = { [bundle.TrustDomainId] = bundle.X509Der } };
    }

    /// <summary>The JWT keys (JWKS) keyed by trust domain ID.</summary>
    public static JWTBundlesResponse JwtBundles(IdentitySnapshot snapshot)
    {
        var bundle = BundleEncoding.Of(snapshot.Bundle!);
        return new JWTBundlesResponse { Bundles = { [bundle.TrustDomainId] = bundle.Jwks } };
    }

    /// <summary>True for an identity without a hint or the first one with its hint.</summary>
    public static bool IsFirstWithHint(CachedIdentity identity, HashSet<string> hintsSeen) =>
        string.IsNullOrEmpty(identity.Entry.Hint) || hintsSeen.Add(identity.Entry.Hint);

    /// <summary>The SPIFFE IDs of a response, for the debug log.</summary>
    public static string SpiffeIds(X509SVIDResponse response) => string.Join(", ", response.Svids.Select(s => s.SpiffeId));
}
