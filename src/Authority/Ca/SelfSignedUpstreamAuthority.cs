using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions.Keys;
using Bridge.Abstractions.Upstream;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Ca;

/// <summary>
/// The local upstream authority: a self-signed root whose key lives in the key manager, for development and
/// single-account deployments without ACM PCA. It signs Bridge's intermediate as SPIRE's templates do: cA=true with
/// path length 0, keyCertSign | cRLSign, the trust domain's SPIFFE ID as URI SAN, and a lifetime capped by the root.
/// </summary>
public sealed partial class SelfSignedUpstreamAuthority : IUpstreamAuthority, IDisposable
{
    private readonly SelfSignedUpstreamOptions _options;
    private readonly TrustDomain _trustDomain;
    private readonly IKeyManager _keyManager;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _rootLock = new(1, 1);
    private SigningAuthority? _root;

    /// <summary>Creates the authority; the root is loaded or made on first use.</summary>
    /// <param name="options">Root settings.</param>
    /// <param name="authorityOptions">Supplies the trust domain.</param>
    /// <param name="keyManager">Holds the root key.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public SelfSignedUpstreamAuthority(
        IOptions<SelfSignedUpstreamOptions> options,
        IOptions<AuthorityOptions> authorityOptions,
        IKeyManager keyManager,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(authorityOptions);
        ArgumentNullException.ThrowIfNull(keyManager);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options.Value;
        var validation = new SelfSignedUpstreamOptionsValidator().Validate(Options.DefaultName, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SelfSignedUpstreamOptions), validation.Failures);
        }

        if (!TrustDomain.TryParse(authorityOptions.Value.TrustDomain, out _trustDomain, out var error))
        {
            throw new OptionsValidationException(
                Options.DefaultName, typeof(AuthorityOptions), [$"{nameof(AuthorityOptions.TrustDomain)} is invalid: {error}."]);
        }

        _keyManager = keyManager;
        _timeProvider = timeProvider;
    }

    /// <summary>The current root certificate (the X.509 trust anchor), made or loaded if there is none yet.</summary>
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

    private async Task<SigningAuthority> GetRootAsync(CancellationToken cancellationToken)
    {
        var root = Volatile.Read(ref _root);
        if (root is not null && !X509Der.IsPastHalfLife(root.NotBefore, root.NotAfter, _timeProvider.GetUtcNow()))
        {
            return root;
        }

        await _rootLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _timeProvider.GetUtcNow();
            root = _root;
            if (root is null || X509Der.IsPastHalfLife(root.NotBefore, root.NotAfter, now))
            {
                root = (root is null ? await TryLoadRootAsync(now, cancellationToken).ConfigureAwait(false) : null)
                    ?? await CreateRootAsync(cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _root, root);
            }

            return root;
        }
        finally
        {
            _rootLock.Release();
        }
    }

    private async Task<SigningAuthority> CreateRootAsync(CancellationToken cancellationToken)
    {
        var key = await _keyManager.GenerateKeyAsync(_options.RootKeyId, _options.RootKeyType, cancellationToken).ConfigureAwait(false);
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
        if (_options.RootCertificatePath is { } path)
        {
            await WriteRootAsync(path, certificate, cancellationToken).ConfigureAwait(false);
        }

        return SigningAuthority.Create(certificate, key);
    }
}
