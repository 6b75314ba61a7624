using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions;
using Bridge.Authority.Ca.Rotation;
using Bridge.Authority.Rotation.Engine;

namespace Bridge.Authority.Ca;

/// <content>Caching and refreshing the shared CA state: the CA policy over the shared <see cref="CachedStateView{TView}"/>.</content>
public sealed partial class X509CertificateAuthority
{
    /// <summary>How often an instance without an active CA looks again while another instance mints the first one.</summary>
    internal static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, SigningAuthority> _signers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, X509Certificate2[]> _certificates = new(StringComparer.Ordinal);

    /// <summary>The revision of the shared CA state this instance serves; it grows with every change of the CA slots.</summary>
    internal long StateRevision => _view.Current?.Revision ?? 0;

    /// <summary>
    /// Re-reads the shared CA state now, running a rotation step first when one is due. The request path does this by
    /// itself every <see cref="AuthorityOptions.StateRefreshInterval"/>; call it after an out-of-band rotation.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (a read in flight goes on; other callers share it).</param>
    /// <exception cref="DependencyUnavailableException">The state store or a backend is unavailable.</exception>
    public async Task RefreshAsync(CancellationToken cancellationToken) =>
        await _view.RefreshAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Completes once no background refresh (and the rotation step it may run) is in flight. A host awaits it as it
    /// stops, so a CA being minted ends with the process rather than leaving a pending claim other instances must wait out.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the work itself goes on).</param>
    public Task WhenIdleAsync(CancellationToken cancellationToken) => _view.WhenIdleAsync(cancellationToken);

    /// <summary>
    /// The active CA from the cache. A due refresh runs in the background; only a missing, expired or too stale state
    /// makes the caller wait for the store.
    /// </summary>
    /// <exception cref="DependencyUnavailableException">No usable state can be had from the store.</exception>
    internal async Task<X509CaState> GetCurrentAsync(CancellationToken cancellationToken) =>
        (await _view.GetAsync(cancellationToken).ConfigureAwait(false)).Current;

    private CachedStateView<CaSnapshot> CreateView() => new(
        new CachedViewOptions(
            _options.StateRefreshInterval,
            _options.StateMaxStaleness,
            // Another instance minting the first CA finishes or goes stale within the pending timeout, after which a
            // rotation step here takes its claim over; waiting longer than that means something else is wrong.
            2 * _options.CaPendingTimeout,
            PollInterval,
            "No active X.509 CA is available yet."),
        LoadAsync,
        static (snapshot, now) => now < snapshot.Current.Signing.NotAfter,
        e => CaLog.RefreshFailed(_logger, _view.Current?.ReadAt ?? default, e),
        _timeProvider);

    /// <summary>Reads the shared state, running a due rotation step first; null while no valid CA is active.</summary>
    private async Task<CaSnapshot?> LoadAsync()
    {
        var readAt = _timeProvider.GetUtcNow();
        var (document, revision) = await _rotator.ReadAsync(CancellationToken.None).ConfigureAwait(false);
        if (_rotator.IsDue(document, readAt))
        {
            try
            {
                await _rotator.RotateAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (document.Active is { } active && active.IsValidAt(readAt))
            {
                // The active CA still signs; the next refresh (or the scheduled rotation) tries again.
                CaLog.RotationStepFailed(_logger, ex);
            }

            readAt = _timeProvider.GetUtcNow();
            (document, revision) = await _rotator.ReadAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return await BuildSnapshotAsync(document, revision, readAt).ConfigureAwait(false);
    }

    private async Task<CaSnapshot?> BuildSnapshotAsync(CaSlotDocument document, long revision, DateTimeOffset now)
    {
        foreach (var gone in _certificates.Keys.Where(id => document.Find(id) is null))
        {
            _certificates.TryRemove(gone, out _);
            _signers.TryRemove(gone, out _);
        }

        var published = document.Slots
            .Where(s => s.Status is SlotStatus.Prepared or SlotStatus.Active or SlotStatus.Retired && s.IsValidAt(now))
            .OrderBy(s => s.Status == SlotStatus.Active ? 0 : 1);
        var anchors = new List<X509Certificate2>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var slot in published)
        {
            foreach (var root in Certificates(slot.SlotId + "/roots", slot.UpstreamRoots))
            {
                if (seen.Add(root.GetCertHashString(HashAlgorithmName.SHA256)))
                {
                    anchors.Add(root);
                }
            }
        }

        if (document.Active is not { } active || !active.IsValidAt(now))
        {
            return null;
        }

        var chain = Certificates(active.SlotId, active.Chain);
        var signing = await SignerAsync(active.SlotId, chain[0]).ConfigureAwait(false);
        return new CaSnapshot(revision, new X509CaState(signing, chain, anchors), now);
    }

    private X509Certificate2[] Certificates(string cacheKey, IReadOnlyList<byte[]> der) =>
        _certificates.GetOrAdd(cacheKey, static (_, d) => [.. d.Select(X509CertificateLoader.LoadCertificate)], der);

    private async Task<SigningAuthority> SignerAsync(string slotId, X509Certificate2 certificate)
    {
        if (_signers.TryGetValue(slotId, out var signing))
        {
            return signing;
        }

        var key = await _keyManager.GetKeyAsync(slotId, CancellationToken.None).ConfigureAwait(false);
        if (key is null || !X509Der.HasPublicKey(certificate, key.SubjectPublicKeyInfo.Span))
        {
            // Every instance must share one key manager; signing with another key would issue unverifiable SVIDs.
            throw new InvalidOperationException(
                $"The key of the active X.509 CA '{slotId}' is missing from the key manager or does not match its certificate.");
        }

        return _signers.GetOrAdd(slotId, SigningAuthority.Create(certificate, key));
    }

    /// <summary>One read of the shared state, with the active CA ready to sign.</summary>
    private sealed record CaSnapshot(long Revision, X509CaState Current, DateTimeOffset ReadAt) : ICachedView;
}
