using System.Globalization;

namespace Bridge.LambdaHosting;

/// <summary>
/// Settings of the Lambda hosting layer. Read from the Lambda environment by
/// <see cref="LambdaHostingServiceCollectionExtensions.AddLambdaHosting"/>; a configure callback may override them.
/// </summary>
public sealed class LambdaHostingOptions
{
    /// <summary>The variable Lambda sets to the Runtime API's <c>host:port</c>; its presence selects Lambda hosting.</summary>
    public const string RuntimeApiVariable = "AWS_LAMBDA_RUNTIME_API";

    /// <summary>The variable Lambda Managed Instances set to the number of concurrent invocations per environment.</summary>
    public const string MaxConcurrencyVariable = "AWS_LAMBDA_MAX_CONCURRENCY";

    /// <summary>The Runtime API's <c>host:port</c>. When null or empty the application keeps its normal server (Kestrel).</summary>
    public string? RuntimeApi { get; set; }

    /// <summary>How many invocation loops poll the Runtime API at once. 1 (classic Lambda) unless Managed Instances say otherwise.</summary>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>
    /// Whether a leading <c>/{stage}</c> segment of the raw path (an HTTP API named stage) moves into <c>PathBase</c>, so
    /// routes match without it. The <c>$default</c> stage and Function URLs have no such segment.
    /// </summary>
    public bool StripStagePrefix { get; set; } = true;

    /// <summary>Reads the options from environment variables through <paramref name="getVariable"/>.</summary>
    /// <remarks>An unreadable <see cref="MaxConcurrencyVariable"/> becomes 0, which the validator rejects: fail closed at init.</remarks>
    public static LambdaHostingOptions FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var concurrency = getVariable(MaxConcurrencyVariable);
        return new LambdaHostingOptions
        {
            RuntimeApi = getVariable(RuntimeApiVariable),
            MaxConcurrency = string.IsNullOrWhiteSpace(concurrency) ? 1
                : int.TryParse(concurrency, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0,
        };
    }
}
