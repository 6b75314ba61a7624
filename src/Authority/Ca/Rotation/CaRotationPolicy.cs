namespace Bridge.Authority.Ca.Rotation;

/// <summary>SPIRE's CA rotation thresholds (pkg/server/ca/manager): prepare at ½ of the lifetime, activate at ⅚.</summary>
internal static class CaRotationPolicy
{
    /// <summary>Upper bound of the preparation margin.</summary>
    public static readonly TimeSpan MaxPrepareMargin = TimeSpan.FromDays(30);

    /// <summary>Upper bound of the activation margin.</summary>
    public static readonly TimeSpan MaxActivateMargin = TimeSpan.FromDays(7);

    /// <summary>The next CA is prepared once the active one has at most min(lifetime / 2, 30 days) left.</summary>
    public static TimeSpan PrepareMargin(TimeSpan lifetime) => Min(lifetime / 2, MaxPrepareMargin);

    /// <summary>The prepared CA is activated once the active one has at most min(lifetime / 6, 7 days) left.</summary>
    public static TimeSpan ActivateMargin(TimeSpan lifetime) => Min(lifetime / 6, MaxActivateMargin);

    /// <summary>True when <paramref name="slot"/> has at most <paramref name="margin"/> of validity left.</summary>
    public static bool IsWithin(CaSlot slot, Func<TimeSpan, TimeSpan> margin, DateTimeOffset now) =>
        slot.NotAfter is { } notAfter && notAfter - now <= margin(slot.Lifetime);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
