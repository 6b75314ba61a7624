namespace Bridge.Agent.Server;

/// <summary>A JWT-SVID minted for an entry. <see cref="Token"/> is a bearer credential: never log it.</summary>
/// <param name="EntryId">The entry it was issued for.</param>
/// <param name="SpiffeId">Its SPIFFE ID (the <c>sub</c> claim).</param>
/// <param name="Token">The compact JWS.</param>
/// <param name="ExpiresAt">Its <c>exp</c>.</param>
/// <param name="Hint">The entry's hint, or null.</param>
public sealed record MintedJwtSvid(string EntryId, string SpiffeId, string Token, DateTimeOffset ExpiresAt, string? Hint)
{
    /// <inheritdoc/>
    public override string ToString() => $"JWT-SVID {SpiffeId} for entry {EntryId} (expires {ExpiresAt:O})";
}
