using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Spiffe.Bundle.X509;

namespace Bridge.Spiffe.Svid.X509;

/// <summary>
/// Verifies X.509-SVIDs (X509-SVID spec §5, go-spiffe <c>x509svid.Verify</c>): the leaf rules, then RFC 5280 path
/// validation against the bundle of the leaf's own trust domain, with no revocation checks and no network access.
/// </summary>
public static class X509SvidVerifier
{
    /// <summary>Verifies <paramref name="chain"/> (leaf first, then intermediates) as of <paramref name="at"/>.</summary>
    public static X509SvidVerificationResult Verify(
        IReadOnlyList<X509Certificate2> chain, IX509BundleSource bundles, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(bundles);
        if (chain.Count == 0)
        {
            return X509SvidVerificationResult.Failure(X509SvidErrors.EmptyChain);
        }

        var leaf = chain[0] ?? throw new ArgumentException("The chain contains null.", nameof(chain));
        if (!LeafCertificateRules.TryValidate(leaf, out var id, out var error))
        {
            return X509SvidVerificationResult.Failure(error);
        }

        // The leaf's trust domain picks the bundle: a chain must never be judged by another domain's roots.
        var bundle = bundles.GetX509BundleForTrustDomain(id.TrustDomain);
        if (bundle is null)
        {
            return X509SvidVerificationResult.Failure(X509SvidErrors.NoBundle);
        }

        if (bundle.Authorities.Count == 0)
        {
            return X509SvidVerificationResult.Failure(X509SvidErrors.NoAuthorities);
        }

        return ValidatePath(chain, bundle, at, out var verified) is { } pathError
            ? X509SvidVerificationResult.Failure(pathError)
            : X509SvidVerificationResult.Success(id, verified);
    }

    private static string? ValidatePath(
        IReadOnlyList<X509Certificate2> chain, X509Bundle bundle, DateTimeOffset at, out X509Certificate2[] verified)
    {
        verified = [];
        using var builder = new X509Chain();
        var policy = builder.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(bundle.Authorities.ToArray());
        for (var i = 1; i < chain.Count; i++)
        {
            policy.ExtraStore.Add(chain[i] ?? throw new ArgumentException("The chain contains null.", nameof(chain)));
        }

        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationFlags = X509VerificationFlags.NoFlag;
        policy.VerificationTimeIgnored = false;
        policy.VerificationTime = at.UtcDateTime;

        bool built;
        try
        {
            built = builder.Build(chain[0]);
        }
        catch (CryptographicException)
        {
            return X509SvidErrors.ChainInvalid;
        }

        var elements = builder.ChainElements.Select(e => e.Certificate).ToArray();
        try
        {
            var status = builder.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
            if (!built || status != X509ChainStatusFlags.NoError)
            {
                return Describe(status);
            }

            if (elements.Length == 0 || !bundle.HasAuthority(elements[^1]))
            {
                return X509SvidErrors.Untrusted;
            }

            verified = [.. elements.Select(e => Original(e, chain, bundle))];
            return null;
        }
        finally
        {
            foreach (var element in elements)
            {
                element.Dispose();
            }
        }
    }

    private static string Describe(X509ChainStatusFlags status)
    {
        const X509ChainStatusFlags Untrusted =
            X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.ExplicitDistrust;
        return (status & X509ChainStatusFlags.NotTimeValid) != 0 ? X509SvidErrors.NotTimeValid
            : (status & Untrusted) != 0 ? X509SvidErrors.Untrusted
            : X509SvidErrors.ChainInvalid;
    }

    // Chain elements are fresh copies that die with the builder; hand back the caller's own instances.
    private static X509Certificate2 Original(X509Certificate2 element, IReadOnlyList<X509Certificate2> chain, X509Bundle bundle)
    {
        var raw = element.RawDataMemory;
        return chain.FirstOrDefault(c => c.RawDataMemory.Span.SequenceEqual(raw.Span))
            ?? bundle.Authorities.First(c => c.RawDataMemory.Span.SequenceEqual(raw.Span));
    }
}
