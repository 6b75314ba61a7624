using Bridge.Spiffe.Bundle.X509;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.X509;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bridge.Client.WorkloadApi;

/// <summary>
/// The X.509-SVID and bundles pushed by a SPIFFE Workload API agent (go-spiffe <c>workloadapi.X509Source</c>): one
/// <c>FetchX509SVID</c> stream is kept open from construction; every message replaces <see cref="Current"/> and the
/// bundles, so the <c>SpiffeTls</c> helpers present the new SVID from the next handshake. The identity used is the
/// first the agent sends (the spec's default), or the one with <see cref="WorkloadApiOptions.SpiffeId"/> or
/// <see cref="WorkloadApiOptions.Hint"/>. The private key arrives from the agent over the local socket; it is never
/// logged.
/// </summary>
public sealed class WorkloadApiX509Source : IX509SvidSource, IAsyncDisposable
{
    private readonly WorkloadApiWatch<X509SVIDResponse, WorkloadApiX509Response> _watch;
    private readonly TimeProvider _time;

    /// <summary>Opens the stream in the background; <see cref="GetX509SvidAsync"/> waits for the first SVID.</summary>
    /// <param name="client">The channel to the agent; its options choose the identity and the backoff.</param>
    /// <param name="timeProvider">The clock for SVID expiry and the backoff.</param>
    /// <param name="logger">Logs reconnections and rejected messages (never key material).</param>
    public WorkloadApiX509Source(WorkloadApiClient client, TimeProvider timeProvider, ILogger<WorkloadApiX509Source>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
        var options = client.Options;
        SpiffeId? wanted = options.SpiffeId is null ? null : SpiffeId.Parse(options.SpiffeId);
        var log = logger ?? (ILogger)NullLogger.Instance;
        _watch = new WorkloadApiWatch<X509SVIDResponse, WorkloadApiX509Response>(
            "FetchX509SVID",
            call => client.Grpc.FetchX509SVID(new X509SVIDRequest(), call),
            (X509SVIDResponse response, out string? error) =>
            {
                var update = X509SvidResponseParser.Parse(response, wanted, options.Hint, timeProvider.GetUtcNow(), out error);
                if (update is not null)
                {
                    WorkloadApiLog.X509SvidUpdated(log, update.Svid.Id.ToString(), update.Svid.Leaf.NotAfter);
                }

                return update;
            },
            options,
            timeProvider,
            log);
    }

    /// <summary>The latest SVID from the agent while it has not expired; null before the first one.</summary>
    public X509Svid? Current => _watch.Current is { } update && IsValid(update) ? update.Svid : null;

    /// <summary>The hint of the current SVID's registration entry, if the agent sent one.</summary>
    public string? Hint => _watch.Current?.Hint;

    /// <summary>The bundles of the latest message: the SVID's trust domain and any federated ones.</summary>
    public X509BundleSet? Bundles => _watch.Current?.Bundles;

    /// <summary>Returns the current SVID, waiting for the first message (or for a fresh one when the last has expired).</summary>
    /// <exception cref="WorkloadApiException">The agent answered InvalidArgument or Unimplemented: the stream stopped for good.</exception>
    /// <exception cref="OperationCanceledException">Cancelled while waiting (an agent that refuses with PermissionDenied is retried, not reported).</exception>
    public async ValueTask<X509Svid> GetX509SvidAsync(CancellationToken cancellationToken = default) =>
        (await _watch.WaitAsync(IsValid, cancellationToken).ConfigureAwait(false)).Svid;

    /// <inheritdoc/>
    public X509Bundle? GetX509BundleForTrustDomain(TrustDomain trustDomain) => Bundles?.GetX509BundleForTrustDomain(trustDomain);

    /// <summary>Closes the stream.</summary>
    public ValueTask DisposeAsync() => _watch.DisposeAsync();

    private bool IsValid(WorkloadApiX509Response update) => _time.GetUtcNow() < update.Svid.Leaf.NotAfter;
}
