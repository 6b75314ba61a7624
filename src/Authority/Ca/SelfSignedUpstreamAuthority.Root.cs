using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions;
using Bridge.Authority.Ca.Rotation;
using Bridge.Authority.Rotation.Engine;

namespace Bridge.Authority.Ca;

/// <content>The shared root: claimed, made and rotated through the "upstream-root" state document.</content>
public sealed partial class SelfSignedUpstreamAuthority
{
    private async Task<SigningAuthority> GetRootAsync(CancellationToken cancellationToken)
    {
        var root = Volatile.Read(ref _root);
        if (root is not null && IsCurrent(root, _timeProvider.GetUtcNow()))
        {
            return root;
        }

        await _rootLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            root = await LoadOrMakeRootAsync(cancellationToken).ConfigureAwait(false);
            if (!ReferenceEquals(root, _root) && _options.RootCertificatePath is { } path)
            {
                await WriteRootAsync(path, root.Certificate, cancellationToken).ConfigureAwait(false);
            }

            _rootCheckedUntil = _timeProvider.GetUtcNow() + _authorityOptions.StateRefreshInterval;
            Volatile.Write(ref _root, root);
            return root;
        }
        finally
        {
            _rootLock.Release();
        }
    }

    private bool IsCurrent(SigningAuthority root, DateTimeOffset now) =>
        now < _rootCheckedUntil && !X509Der.IsPastHalfLife(root.NotBefore, root.NotAfter, now);

    /// <summary>
    /// One pass of the root protocol per loop: drop expired roots and stale claims, claim a new root when there is none
    /// or the current one is past half its life, and use the current root meanwhile (wait only when there is none).
    /// </summary>
    private async Task<SigningAuthority> LoadOrMakeRootAsync(CancellationToken cancellationToken)
    {
        var deadline = _timeProvider.GetUtcNow() + (2 * _authorityOptions.CaPendingTimeout);
        while (true)
        {
            var (document, revision) = await _slots.ReadAsync(cancellationToken).ConfigureAwait(false);
            var now = _timeProvider.GetUtcNow();
            var next = document.WithoutExpired(now, _authorityOptions.CaPendingTimeout, out var dropped);

            var current = next.Active;
            var wantsNew = current is null || X509Der.IsPastHalfLife(current.NotBefore!.Value, current.NotAfter!.Value, now);
            string? claimed = null;
            if (wantsNew && !next.Slots.Any(s => s.Status == SlotStatus.Pending))
            {
                claimed = CaSlotStore.NewSlotId(_options.RootKeyId, now);
                next = next.With(new CaSlot { SlotId = claimed, Status = SlotStatus.Pending, KeyType = _options.RootKeyType, ClaimedAt = now });
            }

            if (!ReferenceEquals(next, document))
            {
                if (await _slots.TryWriteAsync(next, revision, cancellationToken).ConfigureAwait(false) is null)
                {
                    continue;
                }

                await _slots.DeleteKeysAsync(dropped).ConfigureAwait(false);
            }

            if (claimed is not null)
            {
                CaLog.Claimed(_logger, DocumentName, claimed);
                if (await MakeRootAsync(claimed, cancellationToken).ConfigureAwait(false) is { } made)
                {
                    return made;
                }

                continue;
            }

            if (current is not null)
            {
                return await LoadRootAsync(current, cancellationToken).ConfigureAwait(false);
            }

            if (now >= deadline)
            {
                throw new DependencyUnavailableException("No upstream root is available yet.");
            }

            await Task.Delay(X509CertificateAuthority.PollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<SigningAuthority> LoadRootAsync(CaSlot slot, CancellationToken cancellationToken)
    {
        if (_root is { } cached && cached.Key.Id == slot.SlotId)
        {
            return cached;
        }

        var certificate = X509CertificateLoader.LoadCertificate(slot.Chain[0]);
        var expectedSan = CertificateExtensions.SubjectAlternativeName(_trustDomain.Id.ToString(), []).RawData;
        if (certificate.Extensions["2.5.29.17"] is not { } san || !san.RawData.AsSpan().SequenceEqual(expectedSan))
        {
            throw new InvalidOperationException(
                $"The shared upstream root '{slot.SlotId}' belongs to another trust domain; each trust domain needs its own state store.");
        }

        var key = await _keyManager.GetKeyAsync(slot.SlotId, cancellationToken).ConfigureAwait(false);
        if (key is null || !X509Der.HasPublicKey(certificate, key.SubjectPublicKeyInfo.Span))
        {
            throw new InvalidOperationException(
                $"The key of the shared upstream root '{slot.SlotId}' is missing from the key manager or does not match the root.");
        }

        return SigningAuthority.Create(certificate, key);
    }

    /// <summary>Generates the claimed root's key, self-signs it and activates it; a failure withdraws the claim.</summary>
    private async Task<SigningAuthority?> MakeRootAsync(string slotId, CancellationToken cancellationToken)
    {
        SigningAuthority root;
        try
        {
            var key = await _keyManager.GenerateKeyAsync(slotId, _options.RootKeyType, cancellationToken).ConfigureAwait(false);
            var now = X509Der.TruncateToSeconds(_timeProvider.GetUtcNow());
            var subject = CaNames.NewCaSubject();
            var template = new CertificateTemplate(
                subject,
                key.SubjectPublicKeyInfo,
                now - X509Der.NotBeforeCushion,
                now + _options.RootTtl,
                [
                    CertificateExtensions.CaBasicConstraints(pathLength: null),
                    CertificateExtensions.CaKeyUsage(),
                    CertificateExtensions.SubjectAlternativeName(_trustDomain.Id.ToString(), []),
                    CertificateExtensions.SubjectKeyIdentifier(key.SubjectPublicKeyInfo.Span),
                ]);
            var certificate = await CertificateSigner.SignAsync(template, subject, key, cancellationToken).ConfigureAwait(false);
            root = SigningAuthority.Create(certificate, key);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            CaLog.MintFailed(_logger, DocumentName, slotId, ex);
            await _slots.AbandonClaimAsync(slotId).ConfigureAwait(false);
            throw;
        }

        var completed = await _slots.CompleteClaimAsync(
            slotId,
            (document, pending) => document.Activate(
                pending with { Chain = [root.Certificate.RawData], NotBefore = root.NotBefore, NotAfter = root.NotAfter },
                _timeProvider.GetUtcNow()),
            cancellationToken).ConfigureAwait(false);
        if (completed is null)
        {
            return null;
        }

        CaLog.Completed(_logger, DocumentName, slotId, SlotStatus.Active, root.NotAfter);
        return root;
    }
}
