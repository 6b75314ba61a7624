namespace Bridge.ExchangeFunction.Hosting;

/// <summary>HTTP-edge settings. Section <c>Bridge:Exchange</c>.</summary>
public sealed class ExchangeFunctionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Exchange";

    /// <summary>The largest <c>POST /token</c> body accepted (a 16 KiB token plus a CSR fit easily).</summary>
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>The <c>Retry-After</c> seconds sent with <c>temporarily_unavailable</c>.</summary>
    public int RetryAfterSeconds { get; set; } = 2;
}
