using Bridge.Spiffe.Bundle;
using Bridge.Spiffe.Bundle.Jwt;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bridge.Client.WorkloadApi;

/// <summary>
/// The JWT bundles pushed by a SPIFFE Workload API agent (go-spiffe <c>workloadapi.JWTSource</c>'s bundle side): one
/// <c>FetchJWTBundles</c> stream is kept open from construction and every message replaces the whole set. Use it with
/// <see cref="Spiffe.Svid.Jwt.JwtSvidValidator.Validate"/> to check JWT-SVIDs locally, or ask the agent with
/// <see cref="WorkloadApiJwtSource.ValidateJwtSvidAsync"/>.
/// </summary>
public sealed class WorkloadApiJwtBundleSource : IJwtBundleSource, IAsyncDisposable
{
    private readonly WorkloadApiWatch<JWTBundlesResponse, JwtBundleSet> _watch;

    /// <summary>Opens the stream in the background; <see cref="GetJwtBundlesAsync"/> waits for the first message.</summary>
    public WorkloadApiJwtBundleSource(WorkloadApiClient client, TimeProvider timeProvider, ILogger<WorkloadApiJwtBundleSource>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var log = logger ?? (ILogger)NullLogger.Instance;
        _watch = new WorkloadApiWatch<JWTBundlesResponse, JwtBundleSet>(
            "FetchJWTBundles",
            call => client.Grpc.FetchJWTBundles(new JWTBundlesRequest(), call),
            (JWTBundlesResponse response, out string? error) =>
            {
                var set = Parse(response, out error);
                if (set is not null)
                {
                    WorkloadApiLog.JwtBundlesUpdated(log, set.Bundles.Count);
                }

                return set;
            },
            client.Options,
            timeProvider,
            log);
    }

    /// <summary>The bundles of the latest message, or null before the first.</summary>
    public JwtBundleSet? Bundles => _watch.Current;

    /// <summary>Returns the bundles, waiting for the first message.</summary>
    /// <exception cref="WorkloadApiException">The agent answered InvalidArgument or Unimplemented: the stream stopped for good.</exception>
    public ValueTask<JwtBundleSet> GetJwtBundlesAsync(CancellationToken cancellationToken = default) =>
        _watch.WaitAsync(static _ => true, cancellationToken);

    /// <inheritdoc/>
    public JwtBundle? GetJwtBundleForTrustDomain(TrustDomain trustDomain) => Bundles?.GetJwtBundleForTrustDomain(trustDomain);

    /// <summary>Closes the stream.</summary>
    public ValueTask DisposeAsync() => _watch.DisposeAsync();

    // Every bundle must parse: a message with one broken bundle is rejected whole, as a partial set would silently
    // drop a trust domain the workload relies on.
    private static JwtBundleSet? Parse(JWTBundlesResponse response, out string? error)
    {
        if (response.Bundles.Count == 0)
        {
            error = "no bundle in the response";
            return null;
        }

        var bundles = new List<JwtBundle>(response.Bundles.Count);
        foreach (var (key, jwks) in response.Bundles)
        {
            if (!X509SvidResponseParser.TryReadTrustDomain(key, out var trustDomain))
            {
                error = "a bundle key is not a trust domain";
                return null;
            }

            if (!SpiffeBundleDocument.TryParseJwtBundle(trustDomain, jwks.Span, out var bundle, out var reason))
            {
                error = "the bundle of " + trustDomain + " is malformed: " + reason;
                return null;
            }

            bundles.Add(bundle);
        }

        error = null;
        return new JwtBundleSet(bundles);
    }
}
