using Bridge.Abstractions;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Rotation.Engine;
using Microsoft.Extensions.Logging;

namespace Bridge.Authority.Rotation;

/// <summary>
/// An instance's cached view of the rotating JWT keys, for signing and publishing: the JWT policy over the shared
/// <see cref="CachedStateView{TView}"/>. A warm instance serves from memory: the state is re-read at most every
/// <see cref="AuthorityOptions.StateRefreshInterval"/>, in the background and single-flighted; a view as old as refresh
/// interval plus <see cref="JwtKeyRotationOptions.StateStaleTolerance"/> is never used (the request waits for a fresh
/// read, and a failed read fails closed with <see cref="DependencyUnavailableException"/>). When a refresh finds a
/// rotation step due it runs the rotator in the background, so a missed schedule does not stop rotation.
/// </summary>
public sealed partial class JwtKeyRing
{
    // Up to about 10 s for another instance to generate the first key (KMS takes about a second).
    private static readonly TimeSpan FirstKeyWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FirstKeyPollInterval = TimeSpan.FromMilliseconds(200);

    private readonly JwtKeyRotator _rotator;
    private readonly JwtKeySchedule _schedule;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<JwtKeyRing> _logger;
    private readonly CachedStateView<JwtKeyRingSnapshot> _view;

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
        _view = new CachedStateView<JwtKeyRingSnapshot>(
            new CachedViewOptions(
                _schedule.RefreshInterval,
                _schedule.MaxStateAge,
                FirstKeyWait,
                FirstKeyPollInterval,
                "No JWT signing key is active yet; another instance is creating the first one."),
            LoadAsync,
            static (_, _) => true,
            e => Log.BackgroundRefreshFailed(_logger, e.GetType().Name),
            timeProvider);
    }

    /// <summary>Reads the state and loads the active key, creating or adopting the first key on a fresh store.</summary>
    /// <exception cref="DependencyUnavailableException">The store or key manager is unavailable, or no key is active yet.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken) =>
        await _view.GetAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// When the active key reaches the end of its planned lifetime (rotation replaces it at ⅚ of it), or null before a
    /// key is loaded. Read from the cached view only: the expiry gauge must not call the store.
    /// </summary>
    internal DateTimeOffset? ActiveKeyExpiresAt =>
        _view.Current is { } snapshot && snapshot.State.FindSlot(snapshot.ActiveSlotId)?.ActivatedAt is { } activatedAt
            ? activatedAt + _schedule.KeyLifetime
            : null;

    /// <summary>The current view; completes synchronously while the cached view is fresh enough (the hot path).</summary>
    internal ValueTask<JwtKeyRingSnapshot> GetSnapshotAsync(CancellationToken cancellationToken) => _view.GetAsync(cancellationToken);

    /// <summary>
    /// Completes once no background refresh or rotation step of this ring is running. A host awaits it as it stops, so
    /// a step in flight (a key being generated, the state being written) ends with the process rather than leaving a
    /// pending claim that other instances must wait out.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the work itself goes on).</param>
    public Task WhenIdleAsync(CancellationToken cancellationToken) => _view.WhenIdleAsync(cancellationToken);

    /// <summary>Adopts the state a rotation run ended with, so this instance sees its own changes at once.</summary>
    internal async Task AcceptAsync(Versioned<JwtKeyState> stored, DateTimeOffset readAt)
    {
        if (await BuildAsync(stored, readAt).ConfigureAwait(false) is { } snapshot)
        {
            _view.Accept(snapshot);
        }
    }

    private async Task<JwtKeyRingSnapshot?> LoadAsync()
    {
        try
        {
            var readAt = _timeProvider.GetUtcNow();
            var stored = await _rotator.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            if (stored.State.Active is null)
            {
                // Nothing can be signed before a key is active: run the first rotation step in the request's stead. When
                // another instance holds the claim the view stays empty and the request polls for its key.
                readAt = _timeProvider.GetUtcNow();
                (_, stored) = await _rotator.RotateCoreAsync(CancellationToken.None).ConfigureAwait(false);
            }
            else if (_schedule.NextStepAt(stored.State, readAt) <= readAt)
            {
                _view.StartWork(RotateInBackgroundAsync);
            }

            return await BuildAsync(stored, readAt).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not DependencyUnavailableException)
        {
            throw new DependencyUnavailableException("The JWT signing key state could not be read.", e);
        }
    }

    private async Task<JwtKeyRingSnapshot?> BuildAsync(Versioned<JwtKeyState> stored, DateTimeOffset readAt)
    {
        if (stored.State.Active is not { } active)
        {
            return null;
        }

        var previous = _view.Current;
        var signer = previous is not null && previous.ActiveSlotId == active.SlotId && previous.Signer.KeyId == active.Kid
            ? previous.Signer
            : await LoadSignerAsync(active).ConfigureAwait(false);
        return new JwtKeyRingSnapshot(stored, readAt, signer, active.SlotId);
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

    private async Task RotateInBackgroundAsync()
    {
        try
        {
            var readAt = _timeProvider.GetUtcNow();
            var (_, stored) = await _rotator.RotateCoreAsync(CancellationToken.None).ConfigureAwait(false);
            await AcceptAsync(stored, readAt).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The scheduled run or the next refresh tries again; signing goes on with the current view.
            Log.BackgroundRotationFailed(_logger, e.GetType().Name);
        }
    }
}
