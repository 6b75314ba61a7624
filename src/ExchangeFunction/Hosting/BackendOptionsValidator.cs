using Microsoft.Extensions.Options;

namespace Bridge.ExchangeFunction.Hosting;

/// <summary>Checks <see cref="BackendOptions"/> at start and reports every problem at once.</summary>
internal sealed class BackendOptionsValidator : IValidateOptions<BackendOptions>
{
    public const string File = "File";
    public const string InMemory = "InMemory";

    public ValidateOptionsResult Validate(string? name, BackendOptions options)
    {
        var errors = new List<string>();
        var prefix = BackendOptions.SectionName + ":";
        if (options.Keys is not (File or InMemory))
        {
            errors.Add($"{prefix}Keys: '{options.Keys}' is not one of File, InMemory.");
        }
        else if (options.Keys == File && string.IsNullOrWhiteSpace(options.KeysDirectory))
        {
            errors.Add($"{prefix}KeysDirectory: required when Keys is File.");
        }

        if (options.Registration is not (File or InMemory))
        {
            errors.Add($"{prefix}Registration: '{options.Registration}' is not one of File, InMemory.");
        }
        else if (options.Registration == File && string.IsNullOrWhiteSpace(options.RegistrationFile))
        {
            errors.Add($"{prefix}RegistrationFile: required when Registration is File.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
