using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions.Keys;
using Bridge.Abstractions.State;
using Bridge.Abstractions.Upstream;
using Bridge.Authority.Ca.Rotation;
using Bridge.Authority.Hosting;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Ca;

/// <summary>
/// The local upstream authority: a self-signed root whose key lives in the key manager, for development and
/// single-account deployments without ACM PCA. It signs Bridge's intermediate as SPIRE's templates do: cA=true with
/// path length 0, keyCertSign | cRLSign, the trust domain's SPIFFE ID as URI SAN, and a lifetime capped by the root.
/// The root lives in the shared "upstream-root" state document, created once by compare-and-swap, so every instance
/// signs with the same root; a new root is made once the current one is past half its life. The new root reaches the
/// trust bundle with the first CA it certifies, which is published (prepared) before it signs anything.
/// </summary>
public sealed partial class SelfSignedUpstreamAuthority : IUpstreamAuthority, IDisposable
{
    /// <summary>The name that chooses this upstream in <c>Bridge:Backends:Upstream</c>.</summary>
    public const string BackendName = "SelfSigned";

    /// <summary>The state document holding the root slots.</summary>
    public const string DocumentName = "upstream-root";

    private readonly SelfSignedUpstreamOptions _options;
    private readonly AuthorityOptions _authorityOptions;
    private readonly TrustDomain _trustDomain;
    private readonly IKeyManager _keyManager;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CaSlotStore _slots;
    private readonly SemaphoreSlim _rootLock = new(1, 1);
    private SigningAuthority? _root;
    private DateTimeOffset _rootCheckedUntil;

    /// <summary>Creates the authority; the root is loaded from the state store, or made, on first use.</summary>
    /// <param name="options">Root settings.</param>
    /// <param name="authorityOptions">Supplies the trust domain, the state refresh interval and the pending timeout.</param>
    /// <param name="keyManager">Holds the root keys (shared by every instance).</param>
    /// <param name="stateStore">Holds the shared root document.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">Receives root rotation events.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public SelfSignedUpstreamAuthority(
        IOptions<SelfSignedUpstreamOptions> options,
        IOptions<AuthorityOptions> authorityOptions,
        IKeyManager keyManager,
        IAuthorityStateStore stateStore,
        TimeProvider timeProvider,
        ILogger<SelfSignedUpstreamAuthority> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(authorityOptions);
        ArgumentNullException.ThrowIfNull(keyManager);
        ArgumentNullException.ThrowIfNull(stateStore);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _authorityOptions = authorityOptions.Value;
        OptionsCheck.ThrowIfInvalid(_options, new SelfSignedUpstreamOptionsValidator());

        if (!TrustDomain.TryParse(authorityOptions.Value.TrustDomain, out _trustDomain, out var error))
        {
            throw new OptionsValidationException(
                Options.DefaultName, typeof(AuthorityOptions), [$"{nameof(AuthorityOptions.TrustDomain)} is invalid: {error}."]);
        }

        _keyManager = keyManager;
        _timeProvider = timeProvider;
        _logger = logger;
        _slots = new CaSlotStore(DocumentName, stateStore, keyManager, logger);
    }

    /// <summary>The current root certificate (the X.509 trust anchor), loaded or made if there is none yet.</summary>
    /// <exception cref="Abstractions.DependencyUnavailableException">The state store is unavailable, or another instance is still making the first root.</exception>
    public async Task<X509Certificate2> GetRootCertificateAsync(CancellationToken cancellationToken) =>
        (await GetRootAsync(cancellationToken).ConfigureAwait(false)).Certificate;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The request is malformed, badly signed, or has an unsupported key.</exception>
    public async Task<UpstreamCaChain> MintX509CaAsync(ReadOnlyMemory<byte> csrDer, TimeSpan preferredTtl, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(preferredTtl, TimeSpan.Zero);

        // The request comes from Bridge itself, so a bad one is a bug: an exception, not a failure value.
        var status = CsrParser.TryParse(csrDer, out var csr);
        if (status != CsrParseStatus.Valid || csr is null)
        {
            throw new ArgumentException($"The CA signing request was rejected: {status}.", nameof(csrDer));
        }

        var root = await GetRootAsync(cancellationToken).ConfigureAwait(false);
        var now = X509Der.TruncateToSeconds(_timeProvider.GetUtcNow());
        var notAfter = now + preferredTtl < root.NotAfter ? now + preferredTtl : root.NotAfter;

        // Keep the requested subject (as ACM PCA does) unless it is empty or would collide with the root's.
        var subject = csr.Subject.RawData.Length <= 2 || csr.Subject.RawData.AsSpan().SequenceEqual(root.Certificate.SubjectName.RawData)
            ? CaNames.NewCaSubject()
            : csr.Subject;
        var template = new CertificateTemplate(
            subject,
            csr.SubjectPublicKeyInfo,
            now - X509Der.NotBeforeCushion,
            notAfter,
            [
                CertificateExtensions.CaBasicConstraints(pathLength: 0),
                CertificateExtensions.CaKeyUsage(),
                CertificateExtensions.SubjectAlternativeName(_trustDomain.Id.ToString(), []),
                CertificateExtensions.SubjectKeyIdentifier(csr.SubjectPublicKeyInfo),
                CertificateExtensions.AuthorityKeyIdentifier(root.KeyIdentifier),
            ]);
        var intermediate = await CertificateSigner.SignAsync(template, root.Certificate.SubjectName, root.Key, cancellationToken)
            .ConfigureAwait(false);
        return new UpstreamCaChain([intermediate], [root.Certificate]);
    }

    /// <inheritdoc/>
    public void Dispose() => _rootLock.Dispose();

}
