using System.Diagnostics.CodeAnalysis;

namespace Bridge.Authority.Hosting;

/// <summary>
/// A section of the <c>Bridge:</c> settings and the options type bound to it, registered by the code that binds it
/// (<see cref="Microsoft.Extensions.DependencyInjection.SettingsSectionServiceCollectionExtensions.AddSettingsSection"/>).
/// The service's start-time check knows every key from these: a key no section declares is read by nothing, a typo
/// that would otherwise fall back to a default silently.
/// </summary>
public sealed class SettingsSection
{
    /// <summary>Declares that <paramref name="optionsType"/> is bound to <paramref name="path"/>.</summary>
    /// <param name="path">The full path, <c>Bridge:Keys:Kms</c>.</param>
    /// <param name="optionsType">The type whose settable public properties are the section's keys.</param>
    /// <param name="isList">True when the path holds a list of such sections (<c>Issuers:0</c>, <c>Issuers:1</c>).</param>
    public SettingsSection(
        string path,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type optionsType,
        bool isList = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(optionsType);
        Path = path;
        OptionsType = optionsType;
        IsList = isList;
    }

    /// <summary>The full path.</summary>
    public string Path { get; }

    /// <summary>The type bound to the section (or to each item of a list).</summary>
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)]
    public Type OptionsType { get; }

    /// <summary>True when the path holds a list of sections.</summary>
    public bool IsList { get; }
}
