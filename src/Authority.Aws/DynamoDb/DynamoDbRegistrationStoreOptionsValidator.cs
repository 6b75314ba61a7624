using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>Checks <see cref="DynamoDbRegistrationStoreOptions"/>, reporting every problem at once.</summary>
public sealed class DynamoDbRegistrationStoreOptionsValidator : IValidateOptions<DynamoDbRegistrationStoreOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, DynamoDbRegistrationStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        DynamoDbTableName.Check(options.TableName, nameof(options.TableName), errors);
        if (options.IndexRefreshInterval < TimeSpan.Zero || options.IndexRefreshInterval > DynamoDbRegistrationStoreOptions.MaxIndexRefreshInterval)
        {
            errors.Add($"{nameof(options.IndexRefreshInterval)} must be between 0 and {DynamoDbRegistrationStoreOptions.MaxIndexRefreshInterval}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
