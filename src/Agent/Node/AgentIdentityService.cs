using Bridge.Agent.Hosting;
using Bridge.Agent.Server;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Node;

/// <summary>
/// Owns the agent SVID. At start it checks the data directory (refusing an unsafe one) and loads a stored SVID that is
/// still valid, so a restart does not attest again; otherwise it attests at once. It renews at about half the SVID's
/// lifetime (with jitter, so a fleet started together spreads out), attests again when the exchange refuses the SVID
/// (401) or it expired, and on outages retries with backoff while the current SVID keeps working.
/// </summary>
internal sealed partial class AgentIdentityService : BackgroundService, IAgentIdentity, IAgentCredentialsSource
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromMinutes(1);

    private readonly AgentIdentityStore _store;
    private readonly AgentIdentityApi _api;
    private readonly INodeEvidenceProvider _evidence;
    private readonly IOptions<AgentOptions> _agent;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentIdentityService> _logger;
    private readonly TaskCompletionSource _firstCredentials = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private AgentCredentials? _credentials;
    private AgentIdentityState? _state;
    private AgentCredentials? _rejected;

    // True when the exchange may still hold this node's record: the next attestation says so to the evidence provider.
    private bool _reattesting;

    public AgentIdentityService(
        AgentIdentityStore store, AgentIdentityApi api, INodeEvidenceProvider evidence, IOptions<AgentOptions> agent, TimeProvider time, ILogger<AgentIdentityService> logger)
    {
        _store = store;
        _api = api;
        _evidence = evidence;
        _agent = agent;
        _time = time;
        _logger = logger;
    }

    public AgentIdentityState? Current => Volatile.Read(ref _state);

    /// <summary>The current credentials, or null before the first attestation.</summary>
    internal AgentCredentials? Credentials => Volatile.Read(ref _credentials);

    /// <summary>Completes when the first attestation (or load) succeeded.</summary>
    public Task Ready => _firstCredentials.Task;

    public async ValueTask<AgentCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _credentials) is { } current)
        {
            return current;
        }

        await _firstCredentials.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return Volatile.Read(ref _credentials)!;
    }

    public void ReportRejected(AgentCredentials credentials)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(credentials, _credentials) || ReferenceEquals(_rejected, credentials))
            {
                return;
            }

            _rejected = credentials;
            NodeAttestationLog.SvidRefused(_logger, credentials.AgentId.ToString(), credentials.SerialNumber);
            _wake.TrySetResult();
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Synchronous and quick: an unsafe data directory stops the start with a clear error, before anything runs.
        _store.EnsureDirectory();
        var stored = _store.Load(TrustDomain.Parse(_agent.Value.TrustDomain!), out var reason);
        if (stored is not null && stored.ExpiresAt > _time.GetUtcNow())
        {
            NodeAttestationLog.Loaded(_logger, _store.Directory, stored.AgentId.ToString(), stored.SerialNumber, stored.ExpiresAt);
            Promote(stored);
        }
        else if (stored is not null || reason is not "no stored agent SVID")
        {
            // Data that once was an SVID: the exchange likely holds this node's record.
            NodeAttestationLog.StoredIdentityUnusable(_logger, _store.Directory, stored is null ? reason! : "expired");
            _reattesting = true;
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var current = Volatile.Read(ref _credentials);
            TimeSpan? retry;
            if (current is null || ReferenceEquals(current, Volatile.Read(ref _rejected)) || current.ExpiresAt <= _time.GetUtcNow())
            {
                if (current is not null && !ReferenceEquals(current, _rejected))
                {
                    NodeAttestationLog.Expired(_logger, current.AgentId.ToString(), current.ExpiresAt);
                }

                _reattesting |= current is not null;
                retry = await TryAttestAsync(failures, stoppingToken).ConfigureAwait(false);
            }
            else
            {
                var wait = _state!.RenewAfter - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await WaitAsync(wait, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                retry = await TryRenewAsync(current, failures, stoppingToken).ConfigureAwait(false);
            }

            if (retry is { } delay)
            {
                failures++;
                await WaitAsync(delay, stoppingToken).ConfigureAwait(false);
            }
            else
            {
                failures = 0;
            }
        }
    }

    /// <summary>Attests; null on success, else how long to wait.</summary>
    private async Task<TimeSpan?> TryAttestAsync(int failures, CancellationToken cancellationToken)
    {
        if (_reattesting)
        {
            NodeAttestationLog.Reattesting(_logger, _credentials is null ? "the stored agent SVID is lost or unusable" : "the agent SVID was refused or expired");
        }

        try
        {
            var evidence = await _evidence.GetEvidenceAsync(_reattesting, cancellationToken).ConfigureAwait(false);
            AgentCredentials attested;
            try
            {
                attested = await _api.AttestAsync(_evidence.AttestorName, evidence, cancellationToken).ConfigureAwait(false);
            }
            catch (AgentServerException ex) when (!_reattesting && ex is { Failure: AgentServerFailure.Refused, StatusCode: 403 })
            {
                // The node attested before and this evidence alone may not attest again (trust on first use): try
                // once more with what proves a safe re-attestation, when the provider can add it.
                _reattesting = true;
                NodeAttestationLog.Reattesting(_logger, "the exchange already holds this node's record");
                evidence = await _evidence.GetEvidenceAsync(reattesting: true, cancellationToken).ConfigureAwait(false);
                attested = await _api.AttestAsync(_evidence.AttestorName, evidence, cancellationToken).ConfigureAwait(false);
            }

            NodeAttestationLog.Attested(_logger, _evidence.AttestorName, attested.AgentId.ToString(), attested.SerialNumber, attested.ExpiresAt);
            Save(attested);
            Promote(attested);
            _reattesting = false;
            return null;
        }
        catch (NodeEvidenceException ex)
        {
            var delay = Backoff(failures, null);
            NodeAttestationLog.EvidenceFailed(_logger, ex.Message, delay);
            return delay;
        }
        catch (AgentServerException ex)
        {
            var delay = Backoff(failures, ex.RetryAfter);
            NodeAttestationLog.AttestationFailed(_logger, ex.Failure.ToString(), ex.StatusCode, ex.Message, delay);
            return delay;
        }
    }

    /// <summary>Renews; null on success, else how long to wait (a 401 wakes the loop to attest again at once).</summary>
    private async Task<TimeSpan?> TryRenewAsync(AgentCredentials current, int failures, CancellationToken cancellationToken)
    {
        try
        {
            var renewed = await _api.RenewAsync(current, cancellationToken).ConfigureAwait(false);
            NodeAttestationLog.Renewed(_logger, renewed.AgentId.ToString(), renewed.SerialNumber, renewed.ExpiresAt);

            // The exchange promotes the new serial on its first use; until then the old one still authenticates, so a
            // crash before the save below only costs another renewal.
            Save(renewed);
            Promote(renewed);
            return null;
        }
        catch (AgentServerException ex) when (ex.Failure == AgentServerFailure.Unauthenticated)
        {
            ReportRejected(current);
            return null;
        }
        catch (AgentServerException ex)
        {
            var delay = Backoff(failures, ex.RetryAfter);

            // Never sleep past the expiry: the next turn then attests again.
            var left = current.ExpiresAt - _time.GetUtcNow();
            delay = left > TimeSpan.Zero && left < delay ? left : delay;
            NodeAttestationLog.RenewalFailed(_logger, current.AgentId.ToString(), ex.Failure.ToString(), ex.StatusCode, ex.Message, current.SerialNumber, current.ExpiresAt, delay);
            return delay;
        }
    }

    private void Save(AgentCredentials credentials)
    {
        try
        {
            _store.Save(credentials);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The SVID still works in memory; the next start attests again (safe re-attestation).
            NodeAttestationLog.SaveFailed(_logger, _store.Directory, ex.Message);
        }
    }

    private void Promote(AgentCredentials credentials)
    {
        var lifetime = credentials.ExpiresAt - credentials.IssuedAt;

        // Half the lifetime, minus up to a tenth of it at random: never later than half.
        var renewAfter = credentials.IssuedAt + (lifetime / 2) - (lifetime / 10 * Random.Shared.NextDouble());
        lock (_lock)
        {
            _credentials = credentials;
            _state = new AgentIdentityState(credentials.AgentId, credentials.ExpiresAt, renewAfter);
        }

        _firstCredentials.TrySetResult();
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        Task wake;
        lock (_lock)
        {
            if (_wake.Task.IsCompleted)
            {
                _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
                return;
            }

            wake = _wake.Task;
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(delay, _time, cancel.Token);
        await Task.WhenAny(timer, wake).ConfigureAwait(false);
        await cancel.CancelAsync().ConfigureAwait(false);
        lock (_lock)
        {
            if (_wake.Task.IsCompleted)
            {
                _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    private static TimeSpan Backoff(int failures, TimeSpan? retryAfter)
    {
        var exponential = TimeSpan.FromTicks(Math.Min(MaxRetry.Ticks, FirstRetry.Ticks << Math.Min(failures, 16)));
        var delay = retryAfter is { } after && after > exponential ? after : exponential;

        // Up to a fifth more at random, so agents that failed together do not retry together.
        return delay + (delay / 5 * Random.Shared.NextDouble());
    }
}
