using Microsoft.Extensions.Options;

namespace Bridge.Client.WorkloadApi;

/// <summary>Validates <see cref="WorkloadApiOptions"/> (the address included, from the environment when not set), reporting every problem at once.</summary>
public sealed class WorkloadApiOptionsValidator : IValidateOptions<WorkloadApiOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, WorkloadApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!WorkloadApiAddress.TryParse(options.ResolveAddress(), out _, out var addressError))
        {
            errors.Add("WorkloadApi: Address: " + addressError + ".");
        }

        if (options.SpiffeId is not null && !Spiffe.Id.SpiffeId.TryParse(options.SpiffeId, out _))
        {
            errors.Add("WorkloadApi: SpiffeId is not a valid SPIFFE ID.");
        }

        if (options.Hint is { Length: 0 or > 1024 })
        {
            errors.Add("WorkloadApi: Hint must be 1–1024 characters when set.");
        }

        RequirePositive(options.InitialBackoff, nameof(options.InitialBackoff), errors);
        RequirePositive(options.MaxBackoff, nameof(options.MaxBackoff), errors);
        RequirePositive(options.CallTimeout, nameof(options.CallTimeout), errors);
        if (options.MaxBackoff < options.InitialBackoff)
        {
            errors.Add("WorkloadApi: MaxBackoff must not be less than InitialBackoff.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void RequirePositive(TimeSpan value, string name, List<string> errors)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add("WorkloadApi: " + name + " must be positive.");
        }
    }
}
