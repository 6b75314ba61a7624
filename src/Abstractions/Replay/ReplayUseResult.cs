namespace Bridge.Abstractions.Replay;

/// <summary>The answer of <see cref="IReplayCache.TryUseAsync"/>.</summary>
public enum ReplayUseResult
{
    /// <summary>The use was recorded; the evidence may be exchanged.</summary>
    Accepted = 0,

    /// <summary>The evidence has already been used as many times as its policy allows, and its record is live.</summary>
    AlreadyUsed,

    /// <summary>
    /// The cache cannot hold another record (a bounded backend at its capacity). Nothing was recorded, so the evidence
    /// is refused (fail closed); this says nothing about the evidence itself, and the caller may retry later.
    /// </summary>
    Full,
}
