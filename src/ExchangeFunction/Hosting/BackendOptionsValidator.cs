using Microsoft.Extensions.Options;

namespace Bridge.ExchangeFunction.Hosting;

/// <summary>Checks <see cref="BackendOptions"/> at start and reports every problem at once.</summary>
internal sealed class BackendOptionsValidator : IValidateOptions<BackendOptions>
{
    public const string File = "File";
    public const string InMemory = "InMemory";
    public const string Kms = "Kms";
    public const string DynamoDb = "DynamoDb";

    public ValidateOptionsResult Validate(string? name, BackendOptions options)
    {
        var errors = new List<string>();
        var prefix = BackendOptions.SectionName + ":";
        if (options.Keys is not (File or InMemory or Kms))
        {
            errors.Add($"{prefix}Keys: '{options.Keys}' is not one of File, InMemory, Kms.");
        }
        else if (options.Keys == File && string.IsNullOrWhiteSpace(options.KeysDirectory))
        {
            errors.Add($"{prefix}KeysDirectory: required when Keys is File.");
        }

        if (options.Registration is not (File or InMemory or DynamoDb))
        {
            errors.Add($"{prefix}Registration: '{options.Registration}' is not one of File, InMemory, DynamoDb.");
        }
        else if (options.Registration == File && string.IsNullOrWhiteSpace(options.RegistrationFile))
        {
            errors.Add($"{prefix}RegistrationFile: required when Registration is File.");
        }

        if (options.Replay is not (InMemory or DynamoDb))
        {
            errors.Add($"{prefix}Replay: '{options.Replay}' is not one of InMemory, DynamoDb.");
        }

        if ((options.Registration == DynamoDb || options.Replay == DynamoDb) && string.IsNullOrWhiteSpace(options.DynamoDbTable))
        {
            errors.Add($"{prefix}DynamoDbTable: required when Registration or Replay is DynamoDb.");
        }

        if (!string.IsNullOrWhiteSpace(options.DynamoDbServiceUrl) && !Uri.TryCreate(options.DynamoDbServiceUrl, UriKind.Absolute, out _))
        {
            errors.Add($"{prefix}DynamoDbServiceUrl: '{options.DynamoDbServiceUrl}' is not an absolute URL.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
