namespace Bridge.Authority.Rotation.Engine;

/// <summary>How fresh a <see cref="CachedStateView{TView}"/> is kept.</summary>
/// <param name="RefreshInterval">A view this old is re-read in the background while it keeps serving.</param>
/// <param name="MaxAge">A view this old or older is never served: the caller waits for a fresh read.</param>
/// <param name="FirstUseWait">
/// How long a caller waits for a usable view while the state holds none (another instance is making the first key or
/// CA) before the view is reported unavailable.
/// </param>
/// <param name="PollInterval">How often the state is read again meanwhile.</param>
/// <param name="NotReadyMessage">The message of the unavailability reported when <paramref name="FirstUseWait"/> ends.</param>
internal sealed record CachedViewOptions(
    TimeSpan RefreshInterval,
    TimeSpan MaxAge,
    TimeSpan FirstUseWait,
    TimeSpan PollInterval,
    string NotReadyMessage);
