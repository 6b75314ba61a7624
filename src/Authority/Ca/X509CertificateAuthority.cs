using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions.Keys;
using Bridge.Abstractions.Upstream;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Ca;

/// <summary>
/// Bridge's intermediate CA, which signs X.509-SVIDs. Its key lives in the key manager under
/// <see cref="CaKeyId"/>; the upstream authority certifies it. A new intermediate is minted when none exists yet or
/// the current one is past half its lifetime (SPIRE prepares its next CA at that point); full A/B rotation with
/// pre-publication of the next CA is not done here.
/// </summary>
public sealed class X509CertificateAuthority : IDisposable
{
    /// <summary>Identifier of the intermediate's key in the key manager.</summary>
    public const string CaKeyId = "x509-ca";

    /// <summary>Upper bound of <see cref="MaxSvidTtl"/> (SPIRE's <c>MaxSVIDTTLForCATTL</c>).</summary>
    public static readonly TimeSpan MaxSvidTtlCap = TimeSpan.FromDays(7);

    private readonly AuthorityOptions _options;
    private readonly TrustDomain _trustDomain;
    private readonly IKeyManager _keyManager;
    private readonly IUpstreamAuthority _upstream;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _mintLock = new(1, 1);
    private X509CaState? _state;

    /// <summary>Creates the authority; call <see cref="InitializeAsync"/> before use.</summary>
    /// <param name="options">Supplies the trust domain, <see cref="AuthorityOptions.CaKeyType"/> and <see cref="AuthorityOptions.CaTtl"/>.</param>
    /// <param name="keyManager">Holds the intermediate's key.</param>
    /// <param name="upstream">Certifies the intermediate.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <exception cref="OptionsValidationException">The trust domain, CA key type or CA TTL is invalid.</exception>
    public X509CertificateAuthority(
        IOptions<AuthorityOptions> options, IKeyManager keyManager, IUpstreamAuthority upstream, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keyManager);
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options.Value;
        var errors = new List<string>();
        if (!TrustDomain.TryParse(_options.TrustDomain, out _trustDomain, out var error))
        {
            errors.Add($"{nameof(AuthorityOptions.TrustDomain)} is invalid: {error}.");
        }

        if (!Enum.IsDefined(_options.CaKeyType))
        {
            errors.Add($"{nameof(AuthorityOptions.CaKeyType)} '{_options.CaKeyType}' is not a known key type.");
        }

        if (_options.CaTtl <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(AuthorityOptions.CaTtl)} must be positive.");
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(AuthorityOptions), errors);
        }

        _keyManager = keyManager;
        _upstream = upstream;
        _timeProvider = timeProvider;
    }

    /// <summary>The trust domain whose SVIDs this authority signs.</summary>
    public TrustDomain TrustDomain => _trustDomain;

    /// <summary>Bridge's intermediate first, then any upstream intermediates: what an SVID's chain carries after the leaf.</summary>
    /// <exception cref="InvalidOperationException">Not initialized.</exception>
    public IReadOnlyList<X509Certificate2> Intermediates => Current.Intermediates;

    /// <summary>The upstream roots: the X.509 trust bundle of the trust domain.</summary>
    /// <exception cref="InvalidOperationException">Not initialized.</exception>
    public IReadOnlyList<X509Certificate2> TrustAnchors => Current.TrustAnchors;

    /// <summary>When Bridge's intermediate expires; no SVID outlives it.</summary>
    /// <exception cref="InvalidOperationException">Not initialized.</exception>
    public DateTimeOffset NotAfter => Current.Signing.NotAfter;

    /// <summary>
    /// The longest SVID lifetime this intermediate supports: min(lifetime / 6, 7 days), SPIRE's
    /// <c>MaxSVIDTTLForCATTL</c>. A CA rotates at half its life, so an SVID of at most a sixth of it stays well inside
    /// the CA's remaining validity and overlaps rotation. The lifetime is the minted one, which an upstream may have
    /// shortened below <see cref="AuthorityOptions.CaTtl"/>. Issuance does not enforce it (leaves are capped by
    /// <see cref="NotAfter"/>); configuration and the exchange pipeline should.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not initialized.</exception>
    public TimeSpan MaxSvidTtl => MaxSvidTtlFor(Current.Signing.NotAfter - Current.Signing.NotBefore);

    private X509CaState Current =>
        Volatile.Read(ref _state) ?? throw new InvalidOperationException("The X.509 CA is not initialized; call InitializeAsync first.");

    /// <summary>SPIRE's <c>MaxSVIDTTLForCATTL</c>: min(<paramref name="caTtl"/> / 6, 7 days).</summary>
    public static TimeSpan MaxSvidTtlFor(TimeSpan caTtl) => caTtl / 6 < MaxSvidTtlCap ? caTtl / 6 : MaxSvidTtlCap;

    /// <summary>
    /// Makes sure a current intermediate exists: mints one when there is none or the current one is past half its
    /// lifetime; otherwise does nothing. Safe to call concurrently and on every request.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="InvalidOperationException">The upstream returned a chain Bridge cannot use.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken) =>
        await GetCurrentAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public void Dispose() => _mintLock.Dispose();

    /// <summary>The current intermediate, minted first if needed.</summary>
    internal async Task<X509CaState> GetCurrentAsync(CancellationToken cancellationToken)
    {
        var state = Volatile.Read(ref _state);
        if (state is not null && !IsDue(state))
        {
            return state;
        }

        await _mintLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            state = _state;
            if (state is null || IsDue(state))
            {
                state = await MintAsync(cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _state, state);
            }

            return state;
        }
        finally
        {
            _mintLock.Release();
        }
    }

    private bool IsDue(X509CaState state) =>
        X509Der.IsPastHalfLife(state.Signing.NotBefore, state.Signing.NotAfter, _timeProvider.GetUtcNow());

    private async Task<X509CaState> MintAsync(CancellationToken cancellationToken)
    {
        var key = await _keyManager.GetKeyAsync(CaKeyId, cancellationToken).ConfigureAwait(false);
        if (key is null || key.KeyType != _options.CaKeyType)
        {
            key = await _keyManager.GenerateKeyAsync(CaKeyId, _options.CaKeyType, cancellationToken).ConfigureAwait(false);
        }

        var csr = await CsrBuilder.CreateAsync(
            CaNames.NewCaSubject(),
            key,
            [CertificateExtensions.CaBasicConstraints(pathLength: 0), CertificateExtensions.SubjectAlternativeName(_trustDomain.Id.ToString(), [])],
            cancellationToken).ConfigureAwait(false);
        var chain = await _upstream.MintX509CaAsync(csr, _options.CaTtl, cancellationToken).ConfigureAwait(false);
        var intermediate = Validate(chain, key);
        return new X509CaState(SigningAuthority.Create(intermediate, key), [.. chain.CaChain], [.. chain.UpstreamRoots]);
    }

    /// <summary>Fails closed on an upstream answer that would make Bridge issue SVIDs nobody can validate.</summary>
    private X509Certificate2 Validate(UpstreamCaChain chain, IManagedKey key)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (chain.CaChain is not [var intermediate, ..] || chain.UpstreamRoots.Count == 0)
        {
            throw Unusable("it is missing the CA certificate or the roots");
        }

        if (!X509Der.HasPublicKey(intermediate, key.SubjectPublicKeyInfo.Span))
        {
            throw Unusable("the CA certificate does not certify Bridge's CA key");
        }

        var isCa = intermediate.Extensions.OfType<X509BasicConstraintsExtension>().Any(bc => bc.CertificateAuthority);
        var canSign = intermediate.Extensions.OfType<X509KeyUsageExtension>()
            .Any(ku => ku.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign));
        if (!isCa || !canSign)
        {
            throw Unusable("the CA certificate lacks cA=true or keyCertSign");
        }

        var now = _timeProvider.GetUtcNow();
        var (notBefore, notAfter) = X509Der.Validity(intermediate);
        if (now < notBefore - TimeSpan.FromMinutes(5) || now >= notAfter)
        {
            throw Unusable("the CA certificate is not valid now");
        }

        using var x509Chain = new X509Chain();
        x509Chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        x509Chain.ChainPolicy.CustomTrustStore.AddRange(chain.UpstreamRoots.ToArray());
        x509Chain.ChainPolicy.ExtraStore.AddRange(chain.CaChain.Skip(1).ToArray());
        x509Chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        x509Chain.ChainPolicy.DisableCertificateDownloads = true;
        x509Chain.ChainPolicy.VerificationTime = (notBefore > now ? notBefore : now).UtcDateTime;
        if (!x509Chain.Build(intermediate))
        {
            var reasons = string.Join(", ", x509Chain.ChainStatus.Select(s => s.Status));
            throw Unusable($"the CA certificate does not chain to the returned roots ({reasons})");
        }

        return intermediate;
    }

    private static InvalidOperationException Unusable(string reason) =>
        new($"The upstream authority returned an unusable CA chain: {reason}.");
}
