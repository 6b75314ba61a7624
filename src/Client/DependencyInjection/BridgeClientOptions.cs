using Bridge.Client.Evidence;

namespace Bridge.Client.DependencyInjection;

/// <summary>How the client reaches Bridge and how hard it tries.</summary>
public sealed class BridgeClientOptions
{
    /// <summary>Bridge's base address, for example <c>https://bridge.example.org/</c>. HTTPS, or HTTP on loopback only.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>Where the evidence comes from (one fresh token per exchange attempt).</summary>
    public ISubjectTokenProvider? SubjectTokenProvider { get; set; }

    /// <summary>Attempts per exchange, the first included (1–10).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first backoff; doubles per retry, with jitter.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The largest backoff between attempts, and the largest <c>Retry-After</c> honoured.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The limit for one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The limit for an exchange, all attempts and backoffs included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After a failed background refresh, how long a source serves its cached SVID before trying again.</summary>
    public TimeSpan RefreshRetryInterval { get; set; } = TimeSpan.FromSeconds(5);
}
