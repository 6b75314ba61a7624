namespace Bridge.Abstractions.Replay;

/// <summary>
/// How many times one piece of evidence may be exchanged within its life. Single use is the default; an issuer whose
/// tokens are meant to be reused (Kubernetes service-account tokens, refreshed only at 80 % of their life) may allow a
/// small bounded number of uses instead.
/// </summary>
public readonly record struct ReplayPolicy
{
    /// <summary>The largest <see cref="MaxUses"/> any policy may allow.</summary>
    public const int MaxAllowedUses = 100;

    private readonly int _maxUses;

    private ReplayPolicy(int maxUses) => _maxUses = maxUses;

    /// <summary>Each piece of evidence is exchanged once.</summary>
    public static ReplayPolicy SingleUse => default;

    /// <summary>
    /// How many exchanges the evidence allows before it expires, 1 to <see cref="MaxAllowedUses"/>. The default value
    /// of the struct is single use, so a policy can never be left at zero uses (which would refuse everything) or
    /// unlimited by accident.
    /// </summary>
    public int MaxUses => _maxUses < 1 ? 1 : _maxUses;

    /// <summary>True when the evidence may be exchanged only once.</summary>
    public bool IsSingleUse => MaxUses == 1;

    /// <summary>Allows up to <paramref name="maxUses"/> exchanges of one piece of evidence within its life.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxUses"/> is outside 1 to <see cref="MaxAllowedUses"/>.</exception>
    public static ReplayPolicy BoundedReuse(int maxUses)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxUses, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxUses, MaxAllowedUses);

        // One use is single use, and compares equal to it.
        return maxUses == 1 ? SingleUse : new ReplayPolicy(maxUses);
    }

    /// <inheritdoc/>
    public override string ToString() => IsSingleUse ? "SingleUse" : $"BoundedReuse({MaxUses})";
}
