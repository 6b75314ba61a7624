using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>Checks <see cref="DynamoDbAuthorityStateStoreOptions"/>, reporting every problem at once.</summary>
public sealed class DynamoDbAuthorityStateStoreOptionsValidator : IValidateOptions<DynamoDbAuthorityStateStoreOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, DynamoDbAuthorityStateStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        DynamoDbTableName.Check(options.TableName, nameof(options.TableName), errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
