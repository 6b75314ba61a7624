using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions;
using Bridge.Authority.Ca.Rotation;

namespace Bridge.Authority.Ca;

/// <content>Caching and refreshing the shared CA state.</content>
public sealed partial class X509CertificateAuthority
{
    /// <summary>How often an instance without an active CA looks again while another instance mints the first one.</summary>
    internal static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private readonly ConcurrentDictionary<string, SigningAuthority> _signers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, X509Certificate2[]> _certificates = new(StringComparer.Ordinal);
    private CaSnapshot? _snapshot;

    /// <summary>The revision of the shared CA state this instance serves; it grows with every change of the CA slots.</summary>
    internal long StateRevision => Volatile.Read(ref _snapshot)?.Revision ?? 0;
    private long _nextRefreshTicks;
    private int _backgroundRefreshing;

    /// <summary>
    /// Re-reads the shared CA state now, running a rotation step first when one is due. The request path does this by
    /// itself every <see cref="AuthorityOptions.StateRefreshInterval"/>; call it after an out-of-band rotation.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="DependencyUnavailableException">The state store or a backend is unavailable.</exception>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await RefreshCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    /// <summary>
    /// The active CA from the cache. A due refresh runs in the background; only a missing, expired or too stale state
    /// makes the caller wait for the store.
    /// </summary>
    /// <exception cref="DependencyUnavailableException">No usable state can be had from the store.</exception>
    internal async Task<X509CaState> GetCurrentAsync(CancellationToken cancellationToken)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        var now = _timeProvider.GetUtcNow();
        if (TryServe(snapshot, now, out var current))
        {
            if (now.UtcTicks >= Interlocked.Read(ref _nextRefreshTicks))
            {
                StartBackgroundRefresh();
            }

            return current;
        }

        return await RefreshUntilServableAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A cached state serves while its CA is valid and it was read within <see cref="AuthorityOptions.StateMaxStaleness"/>.</summary>
    private bool TryServe(CaSnapshot? snapshot, DateTimeOffset now, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out X509CaState? current)
    {
        current = snapshot?.Current;
        return current is not null && now < current.Signing.NotAfter && now - snapshot!.LastGoodAt <= _options.StateMaxStaleness;
    }

    private async Task<X509CaState> RefreshUntilServableAsync(CancellationToken cancellationToken)
    {
        await _refreshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another instance minting the first CA finishes or goes stale within the pending timeout, after which a
            // rotation step here takes its claim over; waiting longer than that means something else is wrong.
            var deadline = _timeProvider.GetUtcNow() + (2 * _options.CaPendingTimeout);
            while (true)
            {
                if (TryServe(Volatile.Read(ref _snapshot), _timeProvider.GetUtcNow(), out var current))
                {
                    return current;
                }

                await RefreshCoreAsync(cancellationToken).ConfigureAwait(false);
                var now = _timeProvider.GetUtcNow();
                if (TryServe(Volatile.Read(ref _snapshot), now, out current))
                {
                    return current;
                }

                if (now >= deadline)
                {
                    throw new DependencyUnavailableException("No active X.509 CA is available yet.");
                }

                await Task.Delay(PollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    private void StartBackgroundRefresh()
    {
        if (Interlocked.CompareExchange(ref _backgroundRefreshing, 1, 0) != 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await RefreshAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The cached state keeps serving until StateMaxStaleness; retry after one interval, not per request.
                Interlocked.Exchange(ref _nextRefreshTicks, (_timeProvider.GetUtcNow() + _options.StateRefreshInterval).UtcTicks);
                CaLog.RefreshFailed(_logger, Volatile.Read(ref _snapshot)?.LastGoodAt ?? default, ex);
            }
            finally
            {
                Volatile.Write(ref _backgroundRefreshing, 0);
            }
        });
    }

    private async Task RefreshCoreAsync(CancellationToken cancellationToken)
    {
        var (document, revision) = await _rotator.ReadAsync(cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        if (_rotator.IsDue(document, now))
        {
            try
            {
                await _rotator.RotateAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && document.Active is { } active && active.IsValidAt(now))
            {
                // The active CA still signs; the next refresh (or the scheduled rotation) tries again.
                CaLog.RotationStepFailed(_logger, ex);
            }

            (document, revision) = await _rotator.ReadAsync(cancellationToken).ConfigureAwait(false);
            now = _timeProvider.GetUtcNow();
        }

        var snapshot = await BuildSnapshotAsync(document, revision, now, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _snapshot, snapshot);
        Interlocked.Exchange(ref _nextRefreshTicks, (now + _options.StateRefreshInterval).UtcTicks);
    }

    private async Task<CaSnapshot> BuildSnapshotAsync(CaSlotDocument document, long revision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var gone in _certificates.Keys.Where(id => document.Find(id) is null))
        {
            _certificates.TryRemove(gone, out _);
            _signers.TryRemove(gone, out _);
        }

        var published = document.Slots
            .Where(s => s.Status is CaSlotStatus.Prepared or CaSlotStatus.Active or CaSlotStatus.Retired && s.IsValidAt(now))
            .OrderBy(s => s.Status == CaSlotStatus.Active ? 0 : 1);
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

        X509CaState? current = null;
        if (document.Active is { } active && active.IsValidAt(now))
        {
            var chain = Certificates(active.SlotId, active.Chain);
            var signing = await SignerAsync(active.SlotId, chain[0], cancellationToken).ConfigureAwait(false);
            current = new X509CaState(signing, chain, anchors);
        }

        return new CaSnapshot(revision, current, now);
    }

    private X509Certificate2[] Certificates(string cacheKey, IReadOnlyList<byte[]> der) =>
        _certificates.GetOrAdd(cacheKey, static (_, d) => [.. d.Select(X509CertificateLoader.LoadCertificate)], der);

    private async Task<SigningAuthority> SignerAsync(string slotId, X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        if (_signers.TryGetValue(slotId, out var signing))
        {
            return signing;
        }

        var key = await _keyManager.GetKeyAsync(slotId, cancellationToken).ConfigureAwait(false);
        if (key is null || !X509Der.HasPublicKey(certificate, key.SubjectPublicKeyInfo.Span))
        {
            // Every instance must share one key manager; signing with another key would issue unverifiable SVIDs.
            throw new InvalidOperationException(
                $"The key of the active X.509 CA '{slotId}' is missing from the key manager or does not match its certificate.");
        }

        return _signers.GetOrAdd(slotId, SigningAuthority.Create(certificate, key));
    }

    /// <summary>One read of the shared state, with the active CA (if any) ready to sign.</summary>
    private sealed record CaSnapshot(long Revision, X509CaState? Current, DateTimeOffset LastGoodAt);
}
