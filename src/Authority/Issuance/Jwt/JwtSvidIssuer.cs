using Bridge.Abstractions.Keys;
using Bridge.Authority.Rotation;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Issuance.Jwt;

/// <summary>
/// Signs JWT-SVIDs (compact JWS) with the active key of a <see cref="JwtKeyRing"/>, whose keys rotate (see
/// docs/rotation.md). Tokens follow JWT-SVID and what AWS IAM accepts: header only <c>alg</c>, <c>kid</c>,
/// <c>typ</c>; <c>aud</c> always an array; <c>iat</c>/<c>exp</c> integers; <c>iss</c> the configured issuer.
/// Call <see cref="InitializeAsync"/> once at startup before issuing.
/// </summary>
public sealed partial class JwtSvidIssuer
{
    /// <summary>
    /// The key manager identifier of the single JWT key of versions before rotation. Such a key is adopted as the first
    /// active slot, so that existing deployments keep their published key; new keys get a unique id per slot.
    /// </summary>
    public const string SigningKeyId = "jwt-signer";

    private readonly JwtKeyRing _keyRing;
    private readonly TimeProvider _timeProvider;
    private readonly TrustDomain _trustDomain;
    private readonly long _maxTtlSeconds;
    private readonly System.Text.Json.JsonEncodedText _issuer;
    private readonly Lock _initializationLock = new();
    private Task? _initialization;
    private volatile bool _initialized;

    /// <summary>Creates an issuer signing with <paramref name="keyRing"/>'s active key; nothing is read until <see cref="InitializeAsync"/>.</summary>
    /// <exception cref="OptionsValidationException">The authority options cannot support JWT-SVID issuance.</exception>
    public JwtSvidIssuer(JwtKeyRing keyRing, IOptions<AuthorityOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(keyRing);
        (_trustDomain, _issuer, _maxTtlSeconds) = Validate(options, timeProvider);
        _timeProvider = timeProvider;
        MaxTtl = TimeSpan.FromSeconds(_maxTtlSeconds);
        _keyRing = keyRing;
    }

    /// <summary>
    /// The longest lifetime a JWT-SVID gets (<see cref="AuthorityOptions.MaxJwtSvidTtl"/> in whole seconds); longer
    /// requests are capped. It bounds how long a retired signing key must stay published.
    /// </summary>
    public TimeSpan MaxTtl { get; }

    /// <summary>
    /// Reads the rotation state and loads the active key; on a fresh store the first key is created (or an earlier
    /// version's <see cref="SigningKeyId"/> key adopted). Concurrent callers share one initialization; a failed one
    /// may be retried.
    /// </summary>
    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        Task initialization;
        lock (_initializationLock)
        {
            if (_initialization is null || _initialization.IsFaulted || _initialization.IsCanceled)
            {
                _initialization = InitializeCoreAsync(cancellationToken);
            }

            initialization = _initialization;
        }

        return initialization;
    }

    /// <summary>Returns the keys that <c>/keys</c> and the SPIFFE bundle must publish: prepared, active and recently retired.</summary>
    /// <exception cref="InvalidOperationException"><see cref="InitializeAsync"/> has not completed.</exception>
    /// <exception cref="Bridge.Abstractions.DependencyUnavailableException">The rotation state is unavailable beyond its tolerance.</exception>
    public async Task<IReadOnlyList<JwtSigningKey>> GetPublishedKeysAsync(CancellationToken cancellationToken) =>
        (await GetPublishedKeySetAsync(cancellationToken).ConfigureAwait(false)).Keys;

    /// <summary>Returns the published keys with a sequence number that grows whenever the set changes.</summary>
    /// <exception cref="InvalidOperationException"><see cref="InitializeAsync"/> has not completed.</exception>
    /// <exception cref="Bridge.Abstractions.DependencyUnavailableException">The rotation state is unavailable beyond its tolerance.</exception>
    public async Task<PublishedJwtKeys> GetPublishedKeySetAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RequireInitialized();
        var snapshot = await _keyRing.GetSnapshotAsync(cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        // Fresh copies per call: callers cannot alter the published key bytes.
        var keys = JwtKeySchedule.Published(snapshot.State, now)
            .Select(s => new JwtSigningKey(s.Kid!, KeyTypeAlgorithms.For(s.KeyType).Name, [.. s.SubjectPublicKeyInfo!]))
            .ToList();
        return new PublishedJwtKeys(keys, snapshot.Revision);
    }

    private async Task InitializeCoreAsync(CancellationToken cancellationToken)
    {
        await _keyRing.InitializeAsync(cancellationToken).ConfigureAwait(false);
        _initialized = true;
    }

    private void RequireInitialized()
    {
        if (!_initialized)
        {
            throw new InvalidOperationException($"{nameof(JwtSvidIssuer)}.{nameof(InitializeAsync)} has not completed.");
        }
    }

    private static (TrustDomain TrustDomain, System.Text.Json.JsonEncodedText Issuer, long MaxTtlSeconds) Validate(
        IOptions<AuthorityOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var settings = options.Value;
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(settings.Issuer))
        {
            errors.Add($"{AuthorityOptions.SectionName}:{nameof(AuthorityOptions.Issuer)} is required to issue JWT-SVIDs.");
        }

        if (!TrustDomain.TryParse(settings.TrustDomain, out var trustDomain, out var trustDomainError))
        {
            errors.Add($"{AuthorityOptions.SectionName}:{nameof(AuthorityOptions.TrustDomain)} is invalid: {trustDomainError}.");
        }

        if (settings.MaxJwtSvidTtl < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{AuthorityOptions.SectionName}:{nameof(AuthorityOptions.MaxJwtSvidTtl)} must be at least one second.");
        }

        if (!Enum.IsDefined(settings.JwtKeyType))
        {
            errors.Add($"{AuthorityOptions.SectionName}:{nameof(AuthorityOptions.JwtKeyType)} is not a known key type.");
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(nameof(AuthorityOptions), typeof(AuthorityOptions), errors);
        }

        // Whole seconds, since iat and exp are: a token never outlives the limit by a fraction.
        return (trustDomain, System.Text.Json.JsonEncodedText.Encode(settings.Issuer), (long)settings.MaxJwtSvidTtl.TotalSeconds);
    }
}
