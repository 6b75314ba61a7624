namespace Bridge.Authority.Rotation;

/// <summary>Where a JWT signing key is in its life.</summary>
public enum JwtKeySlotStatus
{
    /// <summary>Claimed by one instance, which is generating the key; not published, never signs.</summary>
    Pending = 1,

    /// <summary>Published so that relying parties learn it before it signs anything.</summary>
    Prepared,

    /// <summary>Signs every new JWT-SVID; published.</summary>
    Active,

    /// <summary>Signs nothing more; published until the last token it signed has expired.</summary>
    Retired,
}
