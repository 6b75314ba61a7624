using Microsoft.Extensions.Options;

namespace Bridge.LambdaHosting;

/// <summary>Validates <see cref="LambdaHostingOptions"/>, reporting every problem at once.</summary>
public sealed class LambdaHostingOptionsValidator : IValidateOptions<LambdaHostingOptions>
{
    /// <summary>Most invocation loops accepted: a sanity bound, far above what one environment's cores can serve.</summary>
    public const int MaxLoops = 1024;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, LambdaHostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!string.IsNullOrEmpty(options.RuntimeApi) && !IsHostAndPort(options.RuntimeApi))
        {
            errors.Add($"{nameof(LambdaHostingOptions.RuntimeApi)} ({LambdaHostingOptions.RuntimeApiVariable}) must be host:port.");
        }

        if (options.MaxConcurrency is < 1 or > MaxLoops)
        {
            errors.Add($"{nameof(LambdaHostingOptions.MaxConcurrency)} ({LambdaHostingOptions.MaxConcurrencyVariable}) must be an integer between 1 and {MaxLoops}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Whether <paramref name="value"/> is an authority <c>host[:port]</c> only (no scheme, path or credentials).</summary>
    internal static bool IsHostAndPort(string value) =>
        value.AsSpan().IndexOfAny("/?#@ \\") < 0
        && Uri.TryCreate($"http://{value}/", UriKind.Absolute, out var uri)
        && uri.Host.Length > 0;
}
