using Bridge.Abstractions.Nodes;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>Checks <see cref="DynamoDbNodeStoreOptions"/>, reporting every problem at once.</summary>
public sealed class DynamoDbNodeStoreOptionsValidator : IValidateOptions<DynamoDbNodeStoreOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, DynamoDbNodeStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        DynamoDbTableName.Check(options.TableName, nameof(options.TableName), errors);
        if (options.ExpiryGrace < TimeSpan.Zero || options.ExpiryGrace > NodeRecords.MaxExpiryGrace)
        {
            errors.Add($"{nameof(options.ExpiryGrace)} must be between 0 and {NodeRecords.MaxExpiryGrace}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
