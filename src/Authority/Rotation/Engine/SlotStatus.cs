namespace Bridge.Authority.Rotation.Engine;

/// <summary>
/// Where a rotating slot — a JWT signing key, Bridge's intermediate CA or the self-signed root — is in its life. One
/// model for all of them, as SPIRE's <c>pkg/server/ca/manager/slot.go</c> has one for its X.509 CA and JWT key. The
/// names are the stored form (<c>"status": "Active"</c>), so they never change.
/// </summary>
public enum SlotStatus
{
    /// <summary>Claimed by one instance, which is generating the key (and, for a CA, having it certified); never used.</summary>
    Pending = 1,

    /// <summary>Published (in <c>/keys</c> or the trust bundle) so relying parties learn it before it signs anything.</summary>
    Prepared,

    /// <summary>Signs; exactly one slot of a document is active.</summary>
    Active,

    /// <summary>Signs nothing more; stays published while anything it signed may still be valid.</summary>
    Retired,
}
