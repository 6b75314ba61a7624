namespace Bridge.Agent.Workloads.Unix;

/// <summary>One executable's identity (null when the kernel could not say), size and SHA-256 (lowercase hex; null when too large to hash).</summary>
/// <param name="Identity">Device, inode, size and times of the file that was hashed.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Sha256">Its digest, or null when it is larger than the limit.</param>
/// <param name="Fresh">True when this call read the file, false when the answer came from the cache.</param>
internal sealed record ExecutableDigest(FileIdentity? Identity, long Size, string? Sha256, bool Fresh = true);
