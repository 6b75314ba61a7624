using Bridge.Abstractions.Keys;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Issuance.Jwt;

/// <summary>
/// Signs JWT-SVIDs (compact JWS) with the authority's JWT key, kept in an <see cref="IKeyManager"/> under
/// <see cref="SigningKeyId"/>. Tokens follow JWT-SVID and what AWS IAM accepts: header only <c>alg</c>, <c>kid</c>,
/// <c>typ</c>; <c>aud</c> always an array; <c>iat</c>/<c>exp</c> integers; <c>iss</c> the configured issuer.
/// Call <see cref="InitializeAsync"/> once at startup before issuing.
/// </summary>
public sealed partial class JwtSvidIssuer
{
    /// <summary>The key manager identifier of the JWT-SVID signing key.</summary>
    public const string SigningKeyId = "jwt-signer";

    private readonly IKeyManager _keyManager;
    private readonly TimeProvider _timeProvider;
    private readonly KeyType _keyType;
    private readonly TrustDomain _trustDomain;
    private readonly long _maxTtlSeconds;
    private readonly System.Text.Json.JsonEncodedText _issuer;
    private readonly Lock _initializationLock = new();
    private Task? _initialization;
    private volatile JwtSigner? _signer;

    /// <summary>Creates an issuer; no key is touched until <see cref="InitializeAsync"/>.</summary>
    /// <exception cref="OptionsValidationException">The authority options cannot support JWT-SVID issuance.</exception>
    public JwtSvidIssuer(IKeyManager keyManager, IOptions<AuthorityOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(keyManager);
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

        _keyManager = keyManager;
        _timeProvider = timeProvider;
        _keyType = settings.JwtKeyType;
        _trustDomain = trustDomain;
        _issuer = System.Text.Json.JsonEncodedText.Encode(settings.Issuer);
        // Whole seconds, since iat and exp are: a token never outlives the limit by a fraction.
        _maxTtlSeconds = (long)settings.MaxJwtSvidTtl.TotalSeconds;
        MaxTtl = TimeSpan.FromSeconds(_maxTtlSeconds);
    }

    /// <summary>
    /// The longest lifetime a JWT-SVID gets (<see cref="AuthorityOptions.MaxJwtSvidTtl"/> in whole seconds); longer
    /// requests are capped. It bounds how long a retired signing key must stay published.
    /// </summary>
    public TimeSpan MaxTtl { get; }

    /// <summary>
    /// Loads the signing key, generating it when missing or when its type differs from
    /// <see cref="AuthorityOptions.JwtKeyType"/>. Concurrent callers share one initialization; a failed one may be retried.
    /// </summary>
    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        Task initialization;
        lock (_initializationLock)
        {
            if (_initialization is null || _initialization.IsFaulted || _initialization.IsCanceled)
            {
                _initialization = LoadOrGenerateAsync(cancellationToken);
            }

            initialization = _initialization;
        }

        return initialization;
    }

    /// <summary>Returns the keys that <c>/keys</c> and the SPIFFE bundle must publish.</summary>
    /// <exception cref="InvalidOperationException"><see cref="InitializeAsync"/> has not completed.</exception>
    public Task<IReadOnlyList<JwtSigningKey>> GetPublishedKeysAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // A fresh copy per call: callers cannot alter the published key bytes.
        IReadOnlyList<JwtSigningKey> keys = [RequireSigner().ToPublishedKey()];
        return Task.FromResult(keys);
    }

    private async Task LoadOrGenerateAsync(CancellationToken cancellationToken)
    {
        var key = await _keyManager.GetKeyAsync(SigningKeyId, cancellationToken).ConfigureAwait(false);
        if (key is null || key.KeyType != _keyType)
        {
            key = await _keyManager.GenerateKeyAsync(SigningKeyId, _keyType, cancellationToken).ConfigureAwait(false);
        }

        _signer = JwtSigner.Create(key);
    }

    private JwtSigner RequireSigner() =>
        _signer ?? throw new InvalidOperationException($"{nameof(JwtSvidIssuer)}.{nameof(InitializeAsync)} has not completed.");
}
