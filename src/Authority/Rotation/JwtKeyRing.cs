using Bridge.Abstractions;
using Bridge.Authority.Issuance.Jwt;
using Microsoft.Extensions.Logging;

namespace Bridge.Authority.Rotation;

/// <summary>
/// An instance's cached view of the rotating JWT keys, for signing and publishing. A warm instance serves from memory:
/// the state is re-read at most every <see cref="AuthorityOptions.StateRefreshInterval"/>, in the background and
/// single-flighted; a view older than refresh interval plus <see cref="JwtKeyRotationOptions.StateStaleTolerance"/> is
/// never used (the request waits for a fresh read, and a failed read fails closed with
/// <see cref="DependencyUnavailableException"/>). When a refresh finds a rotation step due it runs the rotator in the
/// background, so a missed schedule does not stop rotation.
/// </summary>
public sealed partial class JwtKeyRing
{
    // Up to about 10 s for another instance to generate the first key (KMS takes about a second).
    private const int FirstKeyPolls = 50;
    private static readonly TimeSpan FirstKeyPollDelay = TimeSpan.FromMilliseconds(200);

    private readonly JwtKeyRotator _rotator;
    private readonly JwtKeySchedule _schedule;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<JwtKeyRing> _logger;
    private readonly Lock _lock = new();
    private volatile JwtKeyRingSnapshot? _snapshot;
    private Task<JwtKeyRingSnapshot>? _refresh;
    private Task? _rotation;
    private long _backgroundRetryNotBeforeTicks;

    /// <summary>Creates the ring; nothing is read until first use or <see cref="InitializeAsync"/>.</summary>
    public JwtKeyRing(JwtKeyRotator rotator, TimeProvider timeProvider, ILogger<JwtKeyRing> logger)
    {
        ArgumentNullException.ThrowIfNull(rotator);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _rotator = rotator;
        _schedule = rotator.Schedule;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Reads the state and loads the active key, creating or adopting the first key on a fresh store.</summary>
    /// <exception cref="DependencyUnavailableException">The store or key manager is unavailable, or no key is active yet.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken) =>
        await RefreshAsync().WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// When the active key reaches the end of its planned lifetime (rotation replaces it at ⅚ of it), or null before a
    /// key is loaded. Read from the cached view only: the expiry gauge must not call the store.
    /// </summary>
    internal DateTimeOffset? ActiveKeyExpiresAt =>
        _snapshot is { } snapshot && snapshot.State.FindSlot(snapshot.ActiveSlotId)?.ActivatedAt is { } activatedAt
            ? activatedAt + _schedule.KeyLifetime
            : null;

    /// <summary>The current view; completes synchronously while the cached view is fresh enough (the hot path).</summary>
    internal ValueTask<JwtKeyRingSnapshot> GetSnapshotAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is not null)
        {
            var age = _timeProvider.GetUtcNow() - snapshot.ReadAt;
            if (age < _schedule.RefreshInterval)
            {
                return ValueTask.FromResult(snapshot);
            }

            if (age < _schedule.MaxStateAge)
            {
                StartBackgroundRefresh();
                return ValueTask.FromResult(snapshot);
            }
        }

        return new ValueTask<JwtKeyRingSnapshot>(RefreshAsync().WaitAsync(cancellationToken));
    }

    /// <summary>
    /// Completes once no background refresh or rotation step of this ring is running. A host awaits it as it stops, so
    /// a step in flight (a key being generated, the state being written) ends with the process rather than leaving a
    /// pending claim that other instances must wait out. A refresh may start a rotation as it ends, so both are
    /// awaited until neither is in flight. Their failures are the ring's to log; this only waits for their end.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the work itself goes on).</param>
    public Task WhenIdleAsync(CancellationToken cancellationToken) => WhenBackgroundWorkDoneAsync().WaitAsync(cancellationToken);

    private async Task WhenBackgroundWorkDoneAsync()
    {
        while (true)
        {
            Task refresh, rotation;
            lock (_lock)
            {
                refresh = _refresh ?? Task.CompletedTask;
                rotation = _rotation ?? Task.CompletedTask;
            }

            if (refresh.IsCompleted && rotation.IsCompleted)
            {
                return;
            }

            await Task.WhenAll(refresh, rotation).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    /// <summary>Adopts the state a rotation run ended with, so this instance sees its own changes at once.</summary>
    internal Task AcceptAsync(StoredJwtKeyState stored, DateTimeOffset readAt) => InstallAsync(stored, readAt);

    private void StartBackgroundRefresh()
    {
        // After a failed background read the cached view keeps serving; try again one refresh interval later rather
        // than on every request, so an outage of the store is not met with a read per exchange.
        if (_timeProvider.GetUtcNow().UtcTicks < Interlocked.Read(ref _backgroundRetryNotBeforeTicks))
        {
            return;
        }

        var refresh = RefreshAsync();
        if (!refresh.IsCompleted)
        {
            _ = refresh.ContinueWith(
                static (t, state) => ((JwtKeyRing)state!).OnBackgroundRefreshFailed(t.Exception!.InnerException!),
                this,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private void OnBackgroundRefreshFailed(Exception exception)
    {
        Interlocked.Exchange(ref _backgroundRetryNotBeforeTicks, (_timeProvider.GetUtcNow() + _schedule.RefreshInterval).UtcTicks);
        Log.BackgroundRefreshFailed(_logger, exception.GetType().Name);
    }

    /// <summary>One read at a time per instance; concurrent callers share it. It never uses a caller's token.</summary>
    private Task<JwtKeyRingSnapshot> RefreshAsync()
    {
        lock (_lock)
        {
            if (_refresh is null || _refresh.IsCompleted)
            {
                _refresh = RefreshCoreAsync();
            }

            return _refresh;
        }
    }

    private async Task<JwtKeyRingSnapshot> RefreshCoreAsync()
    {
        await Task.Yield();
        try
        {
            var readAt = _timeProvider.GetUtcNow();
            var stored = await _rotator.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            if (stored.State.Active is null)
            {
                // Nothing can be signed before a key is active: run the first rotation step in the request's stead.
                readAt = _timeProvider.GetUtcNow();
                (_, stored) = await _rotator.RotateCoreAsync(CancellationToken.None).ConfigureAwait(false);
                for (var i = 0; i < FirstKeyPolls && stored.State.Active is null && stored.State.Next is { Status: JwtKeySlotStatus.Pending }; i++)
                {
                    // Another instance won the claim on the very first key and is generating it (a cold start of
                    // several instances at once): wait briefly rather than fail. Real time, not the clock: a delay.
                    await Task.Delay(FirstKeyPollDelay).ConfigureAwait(false);
                    readAt = _timeProvider.GetUtcNow();
                    stored = await _rotator.ReadAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
            else if (_schedule.NextStepAt(stored.State, readAt) <= readAt)
            {
                StartBackgroundRotation();
            }

            return await InstallAsync(stored, readAt).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not DependencyUnavailableException)
        {
            throw new DependencyUnavailableException("The JWT signing key state could not be read.", e);
        }
    }

    private async Task<JwtKeyRingSnapshot> InstallAsync(StoredJwtKeyState stored, DateTimeOffset readAt)
    {
        var active = stored.State.Active
            ?? throw new DependencyUnavailableException("No JWT signing key is active yet; another instance is creating the first one.");
        var previous = _snapshot;
        var signer = previous is not null && previous.ActiveSlotId == active.SlotId && previous.Signer.KeyId == active.Kid
            ? previous.Signer
            : await LoadSignerAsync(active).ConfigureAwait(false);
        var snapshot = new JwtKeyRingSnapshot(stored, readAt, signer, active.SlotId);
        lock (_lock)
        {
            // Never replace a newer view with an older one (a slow read finishing after a rotation's result).
            if (_snapshot is null || _snapshot.Revision <= snapshot.Revision)
            {
                _snapshot = snapshot;
            }

            return _snapshot;
        }
    }

    private async Task<JwtSigner> LoadSignerAsync(JwtKeySlot active)
    {
        var key = await _rotator.KeyManager.GetKeyAsync(active.SlotId, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The key manager has no key for the active JWT slot {active.SlotId}.");
        // Sign only with the exact key relying parties were given.
        if (!key.SubjectPublicKeyInfo.Span.SequenceEqual(active.SubjectPublicKeyInfo))
        {
            throw new InvalidOperationException($"The key of active JWT slot {active.SlotId} differs from its published public key.");
        }

        return JwtSigner.Create(key);
    }

    private void StartBackgroundRotation()
    {
        lock (_lock)
        {
            if (_rotation is not null && !_rotation.IsCompleted)
            {
                return;
            }

            _rotation = RotateInBackgroundAsync();
        }
    }

    private async Task RotateInBackgroundAsync()
    {
        await Task.Yield();
        try
        {
            var readAt = _timeProvider.GetUtcNow();
            var (_, stored) = await _rotator.RotateCoreAsync(CancellationToken.None).ConfigureAwait(false);
            await InstallAsync(stored, readAt).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The scheduled run or the next refresh tries again; signing goes on with the current view.
            Log.BackgroundRotationFailed(_logger, e.GetType().Name);
        }
    }
}
