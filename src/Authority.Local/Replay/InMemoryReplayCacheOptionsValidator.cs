using Microsoft.Extensions.Options;

namespace Bridge.Authority.Local.Replay;

/// <summary>Checks <see cref="InMemoryReplayCacheOptions"/>.</summary>
public sealed class InMemoryReplayCacheOptionsValidator : IValidateOptions<InMemoryReplayCacheOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, InMemoryReplayCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.MaxEntries < 1
            ? ValidateOptionsResult.Fail("MaxEntries: must be at least 1.")
            : ValidateOptionsResult.Success;
    }
}
