using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions;
using Bridge.Abstractions.Upstream;

namespace Bridge.Authority.Aws.AcmPca;

/// <summary>Waiting for the asynchronous issuance, then checking and assembling what PCA returned.</summary>
public sealed partial class AcmPcaUpstreamAuthority
{
    /// <summary>The wait before poll number <paramref name="poll"/> (1-based): the initial delay, doubling, capped.</summary>
    internal static TimeSpan PollDelay(int poll, TimeSpan initialDelay, TimeSpan maxDelay)
    {
        var milliseconds = initialDelay.TotalMilliseconds * Math.Pow(2, Math.Min(poll - 1, 30));
        return milliseconds >= maxDelay.TotalMilliseconds ? maxDelay : TimeSpan.FromMilliseconds(milliseconds);
    }

    private async Task<AcmPcaCertificate> WaitForCertificateAsync(string caArn, string certificateArn, CancellationToken cancellationToken)
    {
        var deadline = _timeProvider.GetUtcNow() + _options.IssuanceTimeout;
        for (var poll = 1; ; poll++)
        {
            var delay = PollDelay(poll, _options.PollInitialDelay, _options.PollMaxDelay);
            var remaining = deadline - _timeProvider.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                AcmPcaLog.IssuanceTimedOut(_logger, certificateArn, _options.IssuanceTimeout);
                throw new DependencyUnavailableException(
                    $"ACM PCA did not issue {certificateArn} within {_options.IssuanceTimeout}; the next mint reuses the request if it is within PCA's idempotency window.");
            }

            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay < remaining ? delay : remaining, _timeProvider, cancellationToken).ConfigureAwait(false);
            }

            var result = await _client.GetCertificateAsync(caArn, certificateArn, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return result.Value;
            }

            if (result.Error.Code != AcmPcaError.RequestInProgress)
            {
                throw new InvalidOperationException($"ACM PCA GetCertificate for {certificateArn} failed: {result.Error}.");
            }

            AcmPcaLog.StillIssuing(_logger, certificateArn, poll, (long)PollDelay(poll + 1, _options.PollInitialDelay, _options.PollMaxDelay).TotalMilliseconds);
        }
    }

    private async Task<UpstreamCaChain> AssembleChainAsync(
        string caArn, AcmPcaCertificate issued, byte[] requestedKey, CancellationToken cancellationToken)
    {
        var intermediate = ParseOne(issued.CertificatePem, "the issued certificate");
        if (!intermediate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(requestedKey))
        {
            throw new InvalidOperationException($"ACM PCA {caArn} returned a certificate for a different key than Bridge's request.");
        }

        if (intermediate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
        {
            throw new InvalidOperationException(
                $"ACM PCA {caArn} issued a certificate that is not a CA: {AcmPcaUpstreamOptions.SectionName}:{nameof(AcmPcaUpstreamOptions.TemplateArn)} must be a subordinate CA template.");
        }

        // PCA returns the chain issuer first, root last. When it does not reach a root (or is absent), the CA's own
        // certificate and chain fill it in; a root CA has no chain, and is then itself the trust anchor.
        var upstream = ParseChain(issued.CertificateChainPem);
        if (upstream.Count == 0 || !IsSelfIssued(upstream[^1]))
        {
            var caCertificate = await _client.GetCertificateAuthorityCertificateAsync(caArn, cancellationToken).ConfigureAwait(false);
            if (!caCertificate.Succeeded)
            {
                throw new InvalidOperationException($"ACM PCA GetCertificateAuthorityCertificate for {caArn} failed: {caCertificate.Error}.");
            }

            upstream = [ParseOne(caCertificate.Value.CertificatePem, "the CA certificate"), .. ParseChain(caCertificate.Value.CertificateChainPem)];
        }

        var root = upstream[^1];
        if (!IsSelfIssued(root))
        {
            throw new InvalidOperationException($"ACM PCA {caArn}'s certificate chain does not end in a self-signed root.");
        }

        var caChain = new List<X509Certificate2>(upstream.Count) { intermediate };
        caChain.AddRange(upstream.Take(upstream.Count - 1));
        VerifyChain(caArn, caChain, root);
        return new UpstreamCaChain(caChain, [root]);
    }

    private void VerifyChain(string caArn, List<X509Certificate2> caChain, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.ExtraStore.AddRange(caChain.Skip(1).ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = _timeProvider.GetUtcNow().UtcDateTime;
        if (!chain.Build(caChain[0]) || chain.ChainElements.Count != caChain.Count + 1)
        {
            throw new InvalidOperationException(
                $"The certificate ACM PCA {caArn} issued does not chain to its root: {string.Join(", ", chain.ChainStatus.Select(s => s.Status))}.");
        }
    }

    private static bool IsSelfIssued(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    private static X509Certificate2 ParseOne(string pem, string what)
    {
        var certificates = ParseChain(pem);
        return certificates.Count == 1 ? certificates[0] : throw new InvalidOperationException($"ACM PCA returned {certificates.Count} certificates as {what}; expected one.");
    }

    private static List<X509Certificate2> ParseChain(string? pem)
    {
        var certificates = new List<X509Certificate2>();
        if (string.IsNullOrWhiteSpace(pem))
        {
            return certificates;
        }

        try
        {
            var remaining = pem.AsSpan();
            while (PemEncoding.TryFind(remaining, out var fields))
            {
                if (remaining[fields.Label].SequenceEqual("CERTIFICATE"))
                {
                    certificates.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(remaining[fields.Base64Data].ToString())));
                }

                remaining = remaining[fields.Location.End..];
            }
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            throw new InvalidOperationException("ACM PCA returned a certificate that cannot be parsed.", exception);
        }

        return certificates;
    }
}
