namespace Bridge.Infrastructure.Settings;

/// <summary>Where Bridge's signing keys live (context <c>bridge:keyMode</c>; docs/keys.md).</summary>
public enum KeyMode
{
    /// <summary>Asymmetric KMS keys that the function creates itself under its alias prefix; every signature is a KMS call.</summary>
    Kms,

    /// <summary>Private keys stored encrypted under one symmetric KMS key and used in memory.</summary>
    KmsEnvelope,
}
