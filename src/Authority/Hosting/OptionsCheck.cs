using Microsoft.Extensions.Options;

namespace Bridge.Authority.Hosting;

/// <summary>
/// Checks options a component is constructed with, so a backend built in code (not through the container's
/// <c>ValidateOnStart</c>) refuses invalid settings the same way, with the same messages.
/// </summary>
public static class OptionsCheck
{
    /// <summary>Throws <see cref="OptionsValidationException"/> listing every failure of <paramref name="validator"/>.</summary>
    public static void ThrowIfInvalid<TOptions>(TOptions options, IValidateOptions<TOptions> validator)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(validator);
        var result = validator.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), result.Failures);
        }
    }
}
