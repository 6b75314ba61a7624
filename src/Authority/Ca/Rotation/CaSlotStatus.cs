namespace Bridge.Authority.Ca.Rotation;

/// <summary>Where a CA slot (Bridge's intermediate, or the self-signed root) is in its life.</summary>
public enum CaSlotStatus
{
    /// <summary>Claimed by one instance, which is generating the key and having it certified.</summary>
    Pending = 1,

    /// <summary>Certified and published in the trust bundle, not yet signing.</summary>
    Prepared,

    /// <summary>Signs; exactly one slot is active.</summary>
    Active,

    /// <summary>No longer signs; kept published until it expires, so everything it signed still verifies.</summary>
    Retired,
}
