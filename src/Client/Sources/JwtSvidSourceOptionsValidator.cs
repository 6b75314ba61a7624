using Microsoft.Extensions.Options;

namespace Bridge.Client.Sources;

/// <summary>Validates <see cref="JwtSvidSourceOptions"/>, reporting every problem at once.</summary>
public sealed class JwtSvidSourceOptionsValidator : IValidateOptions<JwtSvidSourceOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, JwtSvidSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var prefix = string.IsNullOrEmpty(name) ? "JwtSvidSource: " : $"JwtSvidSource '{name}': ";
        if (options.Audiences.Count is 0 or > 16)
        {
            errors.Add(prefix + "between 1 and 16 audiences are required.");
        }

        if (options.Audiences.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add(prefix + "audiences must not be blank.");
        }

        if (options.SpiffeId is not null && !Spiffe.Id.SpiffeId.TryParse(options.SpiffeId, out _))
        {
            errors.Add(prefix + "SpiffeId is not a valid SPIFFE ID.");
        }

        if (options.Ttl is { } ttl && ttl < TimeSpan.FromSeconds(1))
        {
            errors.Add(prefix + "Ttl must be at least one second.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
