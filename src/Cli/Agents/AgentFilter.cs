namespace Bridge.Cli.Agents;

/// <summary>Which records <c>bridge agent list</c> shows.</summary>
internal enum AgentFilter
{
    /// <summary>Every record.</summary>
    All,

    /// <summary>Banned records only (<c>--banned</c>).</summary>
    Banned,

    /// <summary>Stale records only (<c>--stale</c>): past their SVID's expiry plus the grace.</summary>
    Stale,
}
