using System.Diagnostics.CodeAnalysis;

namespace Bridge.Infrastructure.Settings;

/// <summary>Valid settings, or every problem found in the context.</summary>
public sealed class StageSettingsResult
{
    private StageSettingsResult(StageSettings? settings, IReadOnlyList<string> errors)
    {
        Settings = settings;
        Errors = errors;
    }

    /// <summary>The settings when the context is valid.</summary>
    public StageSettings? Settings { get; }

    /// <summary>Every problem, each naming its context key; empty when valid.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>True when <see cref="Settings"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Settings))]
    public bool IsValid => Settings is not null;

    internal static StageSettingsResult Valid(StageSettings settings) => new(settings, []);

    internal static StageSettingsResult Invalid(IReadOnlyList<string> errors) => new(null, errors);
}
