using Bridge.Abstractions.Nodes;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Local.Nodes;

/// <summary>Checks <see cref="InMemoryNodeStoreOptions"/>, reporting every problem at once.</summary>
public sealed class InMemoryNodeStoreOptionsValidator : IValidateOptions<InMemoryNodeStoreOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, InMemoryNodeStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ExpiryGrace < TimeSpan.Zero || options.ExpiryGrace > NodeRecords.MaxExpiryGrace
            ? ValidateOptionsResult.Fail($"{nameof(options.ExpiryGrace)} must be between 0 and {NodeRecords.MaxExpiryGrace}.")
            : ValidateOptionsResult.Success;
    }
}
