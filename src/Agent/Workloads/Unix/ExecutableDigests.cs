using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Bridge.Agent.Workloads.Unix;

/// <summary>
/// The SHA-256 of a caller's running executable, read through <c>/proc/&lt;pid&gt;/exe</c> (the file the process runs,
/// even after it was replaced or deleted on disk) and remembered per <see cref="FileIdentity"/>, so a binary is hashed
/// once however often its processes call, and again as soon as it changes.
/// </summary>
internal sealed class ExecutableDigests
{
    // Distinct executables on a node are few; the bound only stops a caller that writes endless copies from growing it.
    private const int MaxEntries = 1024;

    private readonly ConcurrentDictionary<FileIdentity, ExecutableDigest> _digests = new();
    private readonly ILogger _logger;
    private int _statxMissing;
    private int _hashCount;

    public ExecutableDigests(ILogger<ExecutableDigests> logger)
    {
        _logger = logger;
    }

    /// <summary>How many times a file was read and hashed.</summary>
    public int HashCount => Volatile.Read(ref _hashCount);

    /// <summary>The identity and digest of the file behind <paramref name="handle"/>; the digest is null when the file is larger than <paramref name="maxBytes"/>.</summary>
    public ExecutableDigest Get(SafeFileHandle handle, long maxBytes, CancellationToken cancellationToken)
    {
        var identity = TryIdentify(handle);
        if (identity is { } known && _digests.TryGetValue(known, out var cached) && (cached.Sha256 is not null || cached.Size > maxBytes))
        {
            return cached;
        }

        var size = RandomAccess.GetLength(handle);
        var digest = new ExecutableDigest(identity, size, size > maxBytes ? null : Hash(handle, cancellationToken));

        // A file written while it was read gives a digest of neither version: refuse rather than cache or use it.
        if (identity is { } before && TryIdentify(handle) != before)
        {
            throw new WorkloadAttestationException("the caller's executable changed while it was being hashed.");
        }

        if (identity is { } key)
        {
            if (_digests.Count >= MaxEntries)
            {
                _digests.Clear();
            }

            _digests[key] = digest with { Fresh = false };
        }

        return digest;
    }

    private string Hash(SafeFileHandle handle, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _hashCount);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long offset = 0;
        int read;
        while ((read = RandomAccess.Read(handle, buffer, offset)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            hash.AppendData(buffer, 0, read);
            offset += read;
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private FileIdentity? TryIdentify(SafeFileHandle handle)
    {
        if (Volatile.Read(ref _statxMissing) != 0)
        {
            return null;
        }

        try
        {
            return Statx.Of(handle);
        }
        catch (IOException)
        {
            return null;
        }
        catch (Exception exception) when (exception is EntryPointNotFoundException or DllNotFoundException)
        {
            if (Interlocked.Exchange(ref _statxMissing, 1) == 0)
            {
                WorkloadAttestorLog.FileIdentityUnavailable(_logger, exception.Message);
            }

            return null;
        }
    }
}
