using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>Checks <see cref="DynamoDbReplayCacheOptions"/>, reporting every problem at once.</summary>
public sealed class DynamoDbReplayCacheOptionsValidator : IValidateOptions<DynamoDbReplayCacheOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, DynamoDbReplayCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        DynamoDbTableName.Check(options.TableName, nameof(options.TableName), errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
