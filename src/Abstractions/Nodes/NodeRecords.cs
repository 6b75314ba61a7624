namespace Bridge.Abstractions.Nodes;

/// <summary>The rules every <see cref="INodeStore"/> backend applies to records, shared so all accept the same set.</summary>
public static class NodeRecords
{
    /// <summary>The longest agent ID: DynamoDB's sort-key limit (1024 bytes); SPIFFE IDs are ASCII.</summary>
    public const int MaxAgentIdLength = 1024;

    /// <summary>The longest attestor name.</summary>
    public const int MaxAttestorNameLength = 64;

    /// <summary>The longest attestation fingerprint.</summary>
    public const int MaxFingerprintLength = 512;

    /// <summary>The longest SVID serial number in hex (X.509 allows 20 octets, 40 digits; some CAs add a sign octet).</summary>
    public const int MaxSerialNumberLength = 64;

    /// <summary>The most selectors a record holds.</summary>
    public const int MaxSelectors = 256;

    /// <summary>The default time a record outlives its SVID before it is stale.</summary>
    public static readonly TimeSpan DefaultExpiryGrace = TimeSpan.FromDays(1);

    /// <summary>The longest expiry grace a store accepts.</summary>
    public static readonly TimeSpan MaxExpiryGrace = TimeSpan.FromDays(365);

    /// <summary>
    /// True when <paramref name="node"/> is not banned and its SVID expired more than <paramref name="expiryGrace"/>
    /// before <paramref name="now"/>.
    /// </summary>
    public static bool IsStale(NodeRecord node, DateTimeOffset now, TimeSpan expiryGrace)
    {
        ArgumentNullException.ThrowIfNull(node);
        return !node.Banned && node.SvidExpiresAt + expiryGrace <= now;
    }

    /// <summary>Throws when <paramref name="node"/> breaks a rule of this class.</summary>
    /// <exception cref="ArgumentException">The record is invalid; the message names every problem.</exception>
    public static void ThrowIfInvalid(NodeRecord node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var errors = new List<string>();
        if (node.AgentId.IsZero || node.AgentId.ToString().Length > MaxAgentIdLength)
        {
            errors.Add($"AgentId must be a SPIFFE ID of at most {MaxAgentIdLength} characters.");
        }

        if (!IsValidAttestorName(node.AttestorName))
        {
            errors.Add($"AttestorName must be 1-{MaxAttestorNameLength} characters of a-z, 0-9, '_' and '-', starting with a letter.");
        }

        if (string.IsNullOrEmpty(node.AttestationFingerprint) || node.AttestationFingerprint.Length > MaxFingerprintLength
            || !node.AttestationFingerprint.All(c => c is >= ' ' and <= '~'))
        {
            errors.Add($"AttestationFingerprint must be 1-{MaxFingerprintLength} printable ASCII characters.");
        }

        if (node.Selectors is null || node.Selectors.Count > MaxSelectors || node.Selectors.Any(s => s.Type is null))
        {
            errors.Add($"Selectors must hold at most {MaxSelectors} selectors, none default.");
        }

        if (!IsValidSerialNumber(node.SvidSerialNumber))
        {
            errors.Add($"SvidSerialNumber must be 1-{MaxSerialNumberLength} lowercase hex digits.");
        }

        if (node.PendingSvidSerialNumber is not null && !IsValidSerialNumber(node.PendingSvidSerialNumber))
        {
            errors.Add($"PendingSvidSerialNumber must be null or 1-{MaxSerialNumberLength} lowercase hex digits.");
        }

        if (node.LastAttestedAt < node.FirstAttestedAt)
        {
            errors.Add("LastAttestedAt must not be before FirstAttestedAt.");
        }

        if (node.Revision < 0)
        {
            errors.Add("Revision must not be negative.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("The node record is invalid: " + string.Join(" ", errors), nameof(node));
        }
    }

    /// <summary>Throws when <paramref name="agentId"/> cannot be a record's key.</summary>
    /// <exception cref="ArgumentException">The ID is zero.</exception>
    public static void ThrowIfInvalidKey(Spiffe.Id.SpiffeId agentId)
    {
        if (agentId.IsZero)
        {
            throw new ArgumentException("The agent ID is required.", nameof(agentId));
        }
    }

    private static bool IsValidAttestorName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxAttestorNameLength && char.IsAsciiLetterLower(name[0])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');

    private static bool IsValidSerialNumber(string? serial) =>
        !string.IsNullOrEmpty(serial) && serial.Length <= MaxSerialNumberLength
        && serial.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
