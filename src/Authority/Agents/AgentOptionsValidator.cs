using Microsoft.Extensions.Options;

namespace Bridge.Authority.Agents;

/// <summary>Checks <see cref="AgentOptions"/>, reporting every problem at once.</summary>
public sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.SvidTtl < TimeSpan.FromMinutes(1) || options.SvidTtl > AgentOptions.MaxSvidTtl)
        {
            errors.Add($"{nameof(options.SvidTtl)} must be between 00:01:00 and {AgentOptions.MaxSvidTtl}.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > AgentOptions.MaxClockSkew)
        {
            errors.Add($"{nameof(options.ClockSkew)} must be between 0 and {AgentOptions.MaxClockSkew}.");
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
