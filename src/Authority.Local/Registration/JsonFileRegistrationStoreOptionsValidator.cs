using Bridge.Authority.Registration;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Local.Registration;

/// <summary>Checks <see cref="JsonFileRegistrationStoreOptions"/>, reporting every problem at once.</summary>
public sealed class JsonFileRegistrationStoreOptionsValidator : IValidateOptions<JsonFileRegistrationStoreOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, JsonFileRegistrationStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            errors.Add("Path: the registration file path is required.");
        }
        else if (options.Path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add("Path: contains characters that are not valid in a path.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
