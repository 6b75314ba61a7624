using System.Diagnostics.CodeAnalysis;
using Bridge.Authority.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Declares the settings sections a composition reads.</summary>
public static class SettingsSectionServiceCollectionExtensions
{
    /// <summary>Declares that <paramref name="optionsType"/> is bound to <paramref name="path"/> (see <see cref="SettingsSection"/>).</summary>
    public static IServiceCollection AddSettingsSection(
        this IServiceCollection services,
        string path,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type optionsType,
        bool isList = false)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(d => d.ImplementationInstance is SettingsSection s && s.Path == path && s.OptionsType == optionsType))
        {
            services.AddSingleton(new SettingsSection(path, optionsType, isList));
        }

        return services;
    }
}
