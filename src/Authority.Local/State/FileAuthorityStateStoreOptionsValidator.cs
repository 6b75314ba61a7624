using Microsoft.Extensions.Options;

namespace Bridge.Authority.Local.State;

/// <summary>Checks <see cref="FileAuthorityStateStoreOptions"/> and reports every problem at once.</summary>
public sealed class FileAuthorityStateStoreOptionsValidator : IValidateOptions<FileAuthorityStateStoreOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, FileAuthorityStateStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var prefix = FileAuthorityStateStoreOptions.SectionName + ":";
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            errors.Add($"{prefix}{nameof(FileAuthorityStateStoreOptions.Directory)} is required.");
        }
        else if (options.Directory.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"{prefix}{nameof(FileAuthorityStateStoreOptions.Directory)} contains characters that are not valid in a path.");
        }

        if (options.LockTimeout <= TimeSpan.Zero || options.LockTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{prefix}{nameof(FileAuthorityStateStoreOptions.LockTimeout)} must be positive and at most 5 minutes.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
