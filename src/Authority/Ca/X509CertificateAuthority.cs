using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Ca.Rotation;
using Bridge.Authority.Rotation.Engine;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Ca;

/// <summary>
/// Bridge's intermediate CA, which signs X.509-SVIDs: the active slot of the shared "x509-ca" state document (see
/// <see cref="X509CaRotator"/>). Every instance caches the document and re-reads it at most every
/// <see cref="AuthorityOptions.StateRefreshInterval"/>, off the request path, running a due rotation step itself; so
/// all instances sign with the same CA (give or take one refresh) and publish the same roots.
/// </summary>
public sealed partial class X509CertificateAuthority
{
    /// <summary>Prefix of the CA keys' identifiers in the key manager: <c>x509-ca-{yyyyMMddHHmmss}-{8 hex}</c>, one per slot.</summary>
    public const string CaKeyId = "x509-ca";

    /// <summary>Upper bound of <see cref="MaxSvidTtl"/> (SPIRE's <c>MaxSVIDTTLForCATTL</c>).</summary>
    public static readonly TimeSpan MaxSvidTtlCap = TimeSpan.FromDays(7);

    private readonly AuthorityOptions _options;
    private readonly X509CaRotator _rotator;
    private readonly IKeyManager _keyManager;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CachedStateView<CaSnapshot> _view;

    /// <summary>Creates the authority over shared CA state; call <see cref="InitializeAsync"/> before use.</summary>
    /// <param name="options">Supplies the refresh interval and staleness bound.</param>
    /// <param name="rotator">Reads and rotates the shared CA slots.</param>
    /// <param name="keyManager">Holds the CA keys (the same key manager as the rotator's).</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">Receives refresh failures.</param>
    /// <exception cref="OptionsValidationException">An option the CA needs is invalid.</exception>
    public X509CertificateAuthority(
        IOptions<AuthorityOptions> options,
        X509CaRotator rotator,
        IKeyManager keyManager,
        TimeProvider timeProvider,
        ILogger<X509CertificateAuthority> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rotator);
        ArgumentNullException.ThrowIfNull(keyManager);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        TrustDomain = X509CaRotator.ValidateOptions(_options);
        _rotator = rotator;
        _keyManager = keyManager;
        _timeProvider = timeProvider;
        _logger = logger;
        _view = CreateView();
    }

    /// <summary>The trust domain whose SVIDs this authority signs.</summary>
    public TrustDomain TrustDomain { get; }

    /// <summary>The active CA's chain: Bridge's intermediate first, then any upstream intermediates.</summary>
    /// <exception cref="InvalidOperationException">Not initialized.</exception>
    public IReadOnlyList<X509Certificate2> Intermediates => Current.Intermediates;

    /// <summary>
    /// The X.509 trust bundle: the distinct upstream roots of every prepared, active and retired-but-unexpired CA, so a
    /// CA's roots are published before it signs and stay published while anything it signed can be valid.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not initialized.</exception>
    public IReadOnlyList<X509Certificate2> TrustAnchors => Current.TrustAnchors;

    /// <summary>When the active CA expires; no SVID outlives it.</summary>
    /// <exception cref="InvalidOperationException">Not initialized.</exception>
    public DateTimeOffset NotAfter => Current.Signing.NotAfter;

    /// <summary>When the active CA expires, or null before the CA is loaded (the expiry gauge then reports nothing).</summary>
    internal DateTimeOffset? ActiveNotAfter => _view.Current?.Current.Signing.NotAfter;

    /// <summary>
    /// The longest SVID lifetime the active CA supports: min(lifetime / 6, 7 days), SPIRE's <c>MaxSVIDTTLForCATTL</c>.
    /// A CA is activated when a sixth of its predecessor's life is left, so an SVID of at most a sixth stays inside
    /// its CA's validity. The lifetime is the minted one, which an upstream may have shortened below
    /// <see cref="AuthorityOptions.CaTtl"/>. Issuance caps leaves at <see cref="NotAfter"/>; the exchange pipeline
    /// caps TTLs at this value.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not initialized.</exception>
    public TimeSpan MaxSvidTtl => MaxSvidTtlFor(Current.Signing.NotAfter - Current.Signing.NotBefore);

    private X509CaState Current =>
        _view.Current?.Current ?? throw new InvalidOperationException("The X.509 CA is not initialized; call InitializeAsync first.");

    /// <summary>SPIRE's <c>MaxSVIDTTLForCATTL</c>: min(<paramref name="caTtl"/> / 6, 7 days).</summary>
    public static TimeSpan MaxSvidTtlFor(TimeSpan caTtl) => caTtl / 6 < MaxSvidTtlCap ? caTtl / 6 : MaxSvidTtlCap;

    /// <summary>
    /// Makes sure an active CA is loaded: reads the shared state and, when no CA exists yet, mints and activates the
    /// first one (or waits for the instance that is doing so). Safe to call concurrently and on every request.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="InvalidOperationException">The upstream returned a chain Bridge cannot use.</exception>
    /// <exception cref="Abstractions.DependencyUnavailableException">The state store or a backend is unavailable.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken) =>
        await GetCurrentAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>The current trust bundle roots (see <see cref="TrustAnchors"/>), loading the state first if needed.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<IReadOnlyList<X509Certificate2>> GetTrustAnchorsAsync(CancellationToken cancellationToken) =>
        (await GetCurrentAsync(cancellationToken).ConfigureAwait(false)).TrustAnchors;
}
