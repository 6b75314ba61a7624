using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions.Keys;
using Bridge.Abstractions.Upstream;

namespace Bridge.Authority.Ca;

/// <summary>Fails closed on an upstream answer that would make Bridge issue SVIDs nobody can validate.</summary>
internal static class UpstreamChainValidator
{
    /// <summary>Returns Bridge's intermediate from <paramref name="chain"/> after checking it certifies <paramref name="key"/>.</summary>
    /// <exception cref="InvalidOperationException">The chain is unusable.</exception>
    public static X509Certificate2 Validate(UpstreamCaChain chain, IManagedKey key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (chain.CaChain is not [var intermediate, ..] || chain.UpstreamRoots.Count == 0)
        {
            throw Unusable("it is missing the CA certificate or the roots");
        }

        if (!X509Der.HasPublicKey(intermediate, key.SubjectPublicKeyInfo.Span))
        {
            throw Unusable("the CA certificate does not certify Bridge's CA key");
        }

        var isCa = intermediate.Extensions.OfType<X509BasicConstraintsExtension>().Any(bc => bc.CertificateAuthority);
        var canSign = intermediate.Extensions.OfType<X509KeyUsageExtension>()
            .Any(ku => ku.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign));
        if (!isCa || !canSign)
        {
            throw Unusable("the CA certificate lacks cA=true or keyCertSign");
        }

        var (notBefore, notAfter) = X509Der.Validity(intermediate);
        if (now < notBefore - TimeSpan.FromMinutes(5) || now >= notAfter)
        {
            throw Unusable("the CA certificate is not valid now");
        }

        using var x509Chain = new X509Chain();
        x509Chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        x509Chain.ChainPolicy.CustomTrustStore.AddRange(chain.UpstreamRoots.ToArray());
        x509Chain.ChainPolicy.ExtraStore.AddRange(chain.CaChain.Skip(1).ToArray());
        x509Chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        x509Chain.ChainPolicy.DisableCertificateDownloads = true;
        x509Chain.ChainPolicy.VerificationTime = (notBefore > now ? notBefore : now).UtcDateTime;
        if (!x509Chain.Build(intermediate))
        {
            var reasons = string.Join(", ", x509Chain.ChainStatus.Select(s => s.Status));
            throw Unusable($"the CA certificate does not chain to the returned roots ({reasons})");
        }

        return intermediate;
    }

    private static InvalidOperationException Unusable(string reason) =>
        new($"The upstream authority returned an unusable CA chain: {reason}.");
}
