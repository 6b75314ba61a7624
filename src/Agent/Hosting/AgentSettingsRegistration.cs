using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Hosting;

/// <summary>How each part of the agent declares its settings section: bound strictly, validated at start.</summary>
internal static class AgentSettingsRegistration
{
    /// <summary>Binding options that make an unknown key in the section an error rather than a silently ignored typo.</summary>
    public static readonly Action<BinderOptions> Strict = static binder => binder.ErrorOnUnknownConfiguration = true;

    /// <summary>
    /// Adds <typeparamref name="TOptions"/>, bound by <paramref name="bind"/> and checked by
    /// <typeparamref name="TValidator"/> when the agent starts (every part's errors are reported together).
    /// </summary>
    /// <remarks>
    /// The caller binds: the configuration binder's source generator (what keeps the Native AOT agent free of
    /// reflection) rewrites a <c>Bind</c> call only where the options type is concrete.
    /// </remarks>
    public static IServiceCollection AddAgentSettings<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(
        this IServiceCollection services, Func<OptionsBuilder<TOptions>, OptionsBuilder<TOptions>> bind)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        bind(services.AddOptions<TOptions>()).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services;
    }
}
