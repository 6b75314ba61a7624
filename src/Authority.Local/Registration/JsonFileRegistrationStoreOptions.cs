using Bridge.Authority.Registration;

namespace Bridge.Authority.Local.Registration;

/// <summary>Settings of <see cref="JsonFileRegistrationStore"/>.</summary>
public sealed class JsonFileRegistrationStoreOptions
{
    /// <summary>The registration file (format in docs/registration.md).</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>
    /// Start with no entries when the file does not exist (its directory must). Off by default: a missing file is
    /// usually a deployment mistake, and an empty store silently denies every caller.
    /// </summary>
    public bool AllowMissingFile { get; set; }
}
