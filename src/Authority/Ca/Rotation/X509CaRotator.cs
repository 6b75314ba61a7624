using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions.Keys;
using Bridge.Abstractions.State;
using Bridge.Abstractions.Upstream;
using Bridge.Authority.Rotation.Engine;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Ca.Rotation;

/// <summary>
/// Rotates Bridge's intermediate CA through slots kept in the "x509-ca" state document, which every instance reads:
/// the next CA is prepared (and its roots published) once the active one has min(lifetime / 2, 30 days) left, and
/// activated once it has min(lifetime / 6, 7 days) left (SPIRE's rule); a retired CA is dropped, and its key deleted,
/// once it has expired. Each step is idempotent and safe to run from any number of instances at once.
/// </summary>
public sealed class X509CaRotator
{
    /// <summary>The state document holding the CA slots.</summary>
    public const string DocumentName = "x509-ca";

    private readonly AuthorityOptions _options;
    private readonly TrustDomain _trustDomain;
    private readonly IKeyManager _keyManager;
    private readonly IUpstreamAuthority _upstream;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CaSlotStore _slots;

    /// <summary>Creates the rotator.</summary>
    /// <param name="options">Supplies the trust domain, CA key type and TTL, the refresh interval and the pending timeout.</param>
    /// <param name="keyManager">Holds the CA keys, one per slot.</param>
    /// <param name="upstream">Certifies each new CA.</param>
    /// <param name="stateStore">Holds the shared slot document.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">Receives rotation events.</param>
    /// <exception cref="OptionsValidationException">An option the CA needs is invalid.</exception>
    public X509CaRotator(
        IOptions<AuthorityOptions> options,
        IKeyManager keyManager,
        IUpstreamAuthority upstream,
        IAuthorityStateStore stateStore,
        TimeProvider timeProvider,
        ILogger<X509CaRotator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keyManager);
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(stateStore);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _trustDomain = ValidateOptions(_options);
        _keyManager = keyManager;
        _upstream = upstream;
        _timeProvider = timeProvider;
        _logger = logger;
        _slots = new CaSlotStore(DocumentName, stateStore, keyManager, logger);
    }

    /// <summary>The trust domain of the CAs.</summary>
    public TrustDomain TrustDomain => _trustDomain;

    /// <summary>
    /// How long a prepared CA is published before it may sign: one state refresh (every instance sees it) plus one
    /// bundle refresh hint (every relying party fetched it). Waived only when no valid CA is active at all.
    /// </summary>
    public TimeSpan PublicationDelay => _options.StateRefreshInterval + _options.BundleRefreshHint;

    internal AuthorityOptions Options => _options;

    /// <summary>
    /// Runs one rotation step: drops expired CAs and stale claims, activates the prepared CA when due, and mints the
    /// next CA when due (the first CA is activated at once). Does nothing when nothing is due.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="Abstractions.DependencyUnavailableException">The state store or a backend is unavailable.</exception>
    /// <exception cref="InvalidOperationException">The upstream returned an unusable chain, or the stored state is unreadable.</exception>
    public async Task<X509CaRotationResult> RotateAsync(CancellationToken cancellationToken)
    {
        var update = await _slots.UpdateAsync(
            current =>
            {
                var step = Plan(current.State, _timeProvider.GetUtcNow());
                return (step.Next, step);
            },
            cancellationToken).ConfigureAwait(false);
        var step = update.Plan;
        if (!update.Written)
        {
            return new X509CaRotationResult(update.Current.Revision, null, null, [], step.ClaimHeldElsewhere);
        }

        var written = update.Current.Revision;
        foreach (var dropped in step.DroppedSlotIds)
        {
            CaLog.Dropped(_logger, DocumentName, dropped);
        }

        // Only now that no slot names them may the keys go: a leaf signed by a dropped CA has expired with it.
        await _slots.DeleteKeysAsync(step.DroppedSlotIds).ConfigureAwait(false);
        var activated = step.ActivatedSlotId;
        if (activated is not null)
        {
            CaLog.Activated(_logger, DocumentName, activated);
        }

        string? minted = null;
        if (step.ClaimedSlotId is { } claimed)
        {
            CaLog.Claimed(_logger, DocumentName, claimed);
            if (await MintAsync(claimed, cancellationToken).ConfigureAwait(false) is { } done)
            {
                minted = claimed;
                written = done.Revision;
                if (done.State.Find(claimed) is { Status: SlotStatus.Active })
                {
                    activated = claimed;
                }
            }
        }

        return new X509CaRotationResult(written, minted, activated, step.DroppedSlotIds, false);
    }

    /// <summary>Describes every slot of the shared state, for <c>bridge ca show</c>.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<X509CaDescription> DescribeAsync(CancellationToken cancellationToken)
    {
        var (document, revision) = await _slots.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new X509CaDescription(revision, [.. document.Slots.Select(Describe)]);
    }

    /// <summary>Reads the shared slot document.</summary>
    internal Task<Versioned<CaSlotDocument>> ReadAsync(CancellationToken cancellationToken) =>
        _slots.ReadAsync(cancellationToken);

    /// <summary>True when a step would change <paramref name="document"/> at <paramref name="now"/>.</summary>
    internal bool IsDue(CaSlotDocument document, DateTimeOffset now) => Plan(document, now).Next is not null;

    /// <summary>The option checks shared with <see cref="X509CertificateAuthority"/>; every problem at once.</summary>
    internal static TrustDomain ValidateOptions(AuthorityOptions options)
    {
        var errors = new List<string>();
        if (!TrustDomain.TryParse(options.TrustDomain, out var trustDomain, out var error))
        {
            errors.Add($"{nameof(AuthorityOptions.TrustDomain)} is invalid: {error}.");
        }

        if (!Enum.IsDefined(options.CaKeyType))
        {
            errors.Add($"{nameof(AuthorityOptions.CaKeyType)} '{options.CaKeyType}' is not a known key type.");
        }

        if (options.CaTtl <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(AuthorityOptions.CaTtl)} must be positive.");
        }

        foreach (var (name, value) in new[]
        {
            (nameof(AuthorityOptions.StateRefreshInterval), options.StateRefreshInterval),
            (nameof(AuthorityOptions.StateMaxStaleness), options.StateMaxStaleness),
            (nameof(AuthorityOptions.CaPendingTimeout), options.CaPendingTimeout),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{name} must be positive.");
            }
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(AuthorityOptions), errors);
        }

        return trustDomain;
    }

    private X509CaStep Plan(CaSlotDocument document, DateTimeOffset now) =>
        X509CaStep.Plan(document, now, _options.CaPendingTimeout, PublicationDelay, () => new CaSlot
        {
            SlotId = CaSlotStore.NewSlotId(X509CertificateAuthority.CaKeyId, now),
            Status = SlotStatus.Pending,
            KeyType = _options.CaKeyType,
            ClaimedAt = now,
        });

    /// <summary>
    /// Generates the claimed slot's key, has it certified and completes the claim: prepared, or active at once when no
    /// valid CA is active. Any failure withdraws the claim and deletes the key.
    /// </summary>
    private async Task<Versioned<CaSlotDocument>?> MintAsync(string slotId, CancellationToken cancellationToken)
    {
        UpstreamCaChain chain;
        X509Certificate2 intermediate;
        try
        {
            var key = await _keyManager.GenerateKeyAsync(slotId, _options.CaKeyType, cancellationToken).ConfigureAwait(false);
            var csr = await CsrBuilder.CreateAsync(
                CaNames.NewCaSubject(),
                key,
                [CertificateExtensions.CaBasicConstraints(pathLength: 0), CertificateExtensions.SubjectAlternativeName(_trustDomain.Id.ToString(), [])],
                cancellationToken).ConfigureAwait(false);
            chain = await _upstream.MintX509CaAsync(csr, _options.CaTtl, cancellationToken).ConfigureAwait(false);
            intermediate = UpstreamChainValidator.Validate(chain, key, _timeProvider.GetUtcNow());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            CaLog.MintFailed(_logger, DocumentName, slotId, ex);
            await _slots.AbandonClaimAsync(slotId).ConfigureAwait(false);
            throw;
        }

        var (notBefore, notAfter) = X509Der.Validity(intermediate);
        var result = await _slots.CompleteClaimAsync(
            slotId,
            (document, pending) =>
            {
                var now = _timeProvider.GetUtcNow();
                var minted = pending with
                {
                    Status = SlotStatus.Prepared,
                    Chain = [.. chain.CaChain.Select(c => c.RawData)],
                    UpstreamRoots = [.. chain.UpstreamRoots.Select(c => c.RawData)],
                    NotBefore = notBefore,
                    NotAfter = notAfter,
                    PreparedAt = now,
                };
                return document.Active is { } active && active.IsValidAt(now) ? document.With(minted) : document.Activate(minted, now);
            },
            cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            return null;
        }

        var completed = result.State.Find(slotId)!;
        CaLog.Completed(_logger, DocumentName, slotId, completed.Status, completed.NotAfter);
        return result;
    }

    private static X509CaSlotDescription Describe(CaSlot slot)
    {
        using var certificate = slot.Chain.Count > 0 ? X509CertificateLoader.LoadCertificate(slot.Chain[0]) : null;
        return new X509CaSlotDescription(
            slot.SlotId,
            slot.Status,
            slot.KeyType,
            certificate?.SerialNumber,
            certificate is null ? null : Convert.ToHexString(CertificateExtensions.KeyIdentifierOf(certificate)),
            certificate?.Subject,
            certificate?.Issuer,
            slot.NotBefore,
            slot.NotAfter,
            slot.ClaimedAt,
            slot.PreparedAt,
            slot.ActivatedAt,
            slot.RetiredAt,
            [.. slot.UpstreamRoots.Select(r => Convert.ToHexString(SHA256.HashData(r)))]);
    }
}
