using Bridge.Abstractions.Nodes;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Local.Nodes;

/// <summary>Checks <see cref="FileNodeStoreOptions"/>, reporting every problem at once.</summary>
public sealed class FileNodeStoreOptionsValidator : IValidateOptions<FileNodeStoreOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, FileNodeStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            errors.Add($"{nameof(options.Path)}: the node record file path is required.");
        }
        else if (options.Path.AsSpan().IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"{nameof(options.Path)}: contains characters that are not valid in a path.");
        }

        if (options.ExpiryGrace < TimeSpan.Zero || options.ExpiryGrace > NodeRecords.MaxExpiryGrace)
        {
            errors.Add($"{nameof(options.ExpiryGrace)} must be between 0 and {NodeRecords.MaxExpiryGrace}.");
        }

        if (options.LockTimeout <= TimeSpan.Zero || options.LockTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{nameof(options.LockTimeout)} must be positive and at most 5 minutes.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
