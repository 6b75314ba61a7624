using Bridge.Authority.Keys;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Local.Keys;

/// <summary>Checks <see cref="FileKeyManagerOptions"/> and reports every problem at once.</summary>
public sealed class FileKeyManagerOptionsValidator : IValidateOptions<FileKeyManagerOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, FileKeyManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            errors.Add($"{FileKeyManagerOptions.SectionName}:{nameof(FileKeyManagerOptions.Directory)} is required.");
        }
        else if (options.Directory.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add($"{FileKeyManagerOptions.SectionName}:{nameof(FileKeyManagerOptions.Directory)} contains characters that are not valid in a path.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
