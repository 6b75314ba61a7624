using System.Collections.Concurrent;
using System.Security.Cryptography;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Files;
using Bridge.Authority.Keys;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Local.Keys;

/// <summary>
/// Keeps keys on local disk, one PEM file per key (<c>&lt;key id&gt;.pem</c>, PKCS#8 plus the key type), for the CLI
/// and single-host deployments. The directory is owner-only (0700) and each file 0600; a key file that group or
/// others may access is refused, as OpenSSH does. A key is written to a temporary file and renamed into place, so a
/// crash never leaves a half-written key. Keys are loaded on first use and cached; changes other processes make to
/// an already loaded key are not noticed.
/// </summary>
public sealed class FileKeyManager : IKeyManager
{
    private const string FileSuffix = ".pem";
    private const long MaxFileBytes = 64 * 1024;

    private readonly string _directory;
    private readonly ConcurrentDictionary<string, SoftwareKey> _cache = new(StringComparer.Ordinal);

    // Serialises disk access so that the cache and the files never disagree about which key an id holds.
    private readonly Lock _diskLock = new();
    private bool _directoryChecked;

    /// <summary>Creates a key manager over <see cref="FileKeyManagerOptions.Directory"/>; nothing is touched until first use.</summary>
    public FileKeyManager(IOptions<FileKeyManagerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new FileKeyManagerOptionsValidator().Validate(null, options.Value);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(FileKeyManagerOptions), typeof(FileKeyManagerOptions), result.Failures);
        }

        _directory = Path.GetFullPath(options.Value.Directory);
    }

    /// <inheritdoc/>
    public Task<IManagedKey> GenerateKeyAsync(string keyId, KeyType keyType, CancellationToken cancellationToken)
    {
        KeyIdRules.ThrowIfInvalid(keyId);
        cancellationToken.ThrowIfCancellationRequested();
        var key = SoftwareKey.Generate(keyId, keyType);
        try
        {
            // Generation can take long (RSA-4096); a caller that gave up meanwhile gets nothing persisted.
            cancellationToken.ThrowIfCancellationRequested();
            lock (_diskLock)
            {
                EnsureDirectory(create: true);
                WriteAtomically(keyId, key);
                // A replaced key is not disposed: a signer may still hold it, and the GC reclaims it.
                _cache[keyId] = key;
            }
        }
        catch
        {
            key.Dispose();
            throw;
        }

        return Task.FromResult<IManagedKey>(key);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The key file or directory is accessible by group or others.</exception>
    /// <exception cref="InvalidDataException">The key file is corrupt.</exception>
    public Task<IManagedKey?> GetKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        KeyIdRules.ThrowIfInvalid(keyId);
        cancellationToken.ThrowIfCancellationRequested();
        if (_cache.TryGetValue(keyId, out var cached))
        {
            return Task.FromResult<IManagedKey?>(cached);
        }

        lock (_diskLock)
        {
            return Task.FromResult<IManagedKey?>(EnsureDirectory(create: false) ? GetOrLoad(keyId) : null);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">A key file or the directory is accessible by group or others.</exception>
    /// <exception cref="InvalidDataException">A key file is corrupt.</exception>
    public Task<IReadOnlyList<IManagedKey>> GetKeysAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_diskLock)
        {
            if (!EnsureDirectory(create: false))
            {
                return Task.FromResult<IReadOnlyList<IManagedKey>>([]);
            }

            var ids = new List<string>();
            foreach (var path in Directory.EnumerateFiles(_directory, "*" + FileSuffix))
            {
                // Temporary files start with '.', which no key id does, so they are skipped here too.
                var name = Path.GetFileName(path.AsSpan());
                var id = name[..^FileSuffix.Length];
                if (KeyIdRules.IsValid(id))
                {
                    ids.Add(id.ToString());
                }
            }

            ids.Sort(StringComparer.Ordinal);
            var keys = new List<IManagedKey>(ids.Count);
            foreach (var id in ids)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (GetOrLoad(id) is { } key)
                {
                    keys.Add(key);
                }
            }

            return Task.FromResult<IReadOnlyList<IManagedKey>>(keys);
        }
    }

    /// <inheritdoc/>
    public Task<bool> DeleteKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        KeyIdRules.ThrowIfInvalid(keyId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_diskLock)
        {
            // The key object is not disposed: a signer may still hold it, and the GC reclaims it.
            var cached = _cache.TryRemove(keyId, out _);
            var path = PathFor(keyId);
            var onDisk = File.Exists(path);
            if (onDisk)
            {
                File.Delete(path);
            }

            return Task.FromResult(cached || onDisk);
        }
    }

    private string PathFor(string keyId) => Path.Combine(_directory, keyId + FileSuffix);

    private SoftwareKey? GetOrLoad(string keyId)
    {
        if (_cache.TryGetValue(keyId, out var cached))
        {
            return cached;
        }

        var loaded = Load(keyId);
        if (loaded is not null)
        {
            _cache[keyId] = loaded;
        }

        return loaded;
    }

    /// <summary>Makes sure the directory exists (when <paramref name="create"/>) and is not writable by others.</summary>
    /// <returns>False when the directory does not exist and was not to be created.</returns>
    private bool EnsureDirectory(bool create)
    {
        if (_directoryChecked)
        {
            return true;
        }

        if (!OwnerOnlyFiles.EnsureDirectory(_directory, create, mode =>
                $"Key directory '{_directory}' is writable by group or others (mode {OwnerOnlyFiles.FormatMode(mode)}), " +
                "so they could replace keys; restrict it to its owner (chmod 700)."))
        {
            return false;
        }

        _directoryChecked = true;
        return true;
    }

    private SoftwareKey? Load(string keyId)
    {
        var path = PathFor(keyId);
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        using (handle)
        {
            // The mode is read through the open handle, so the file checked is the file read.
            if (!OperatingSystem.IsWindows())
            {
                var mode = File.GetUnixFileMode(handle);
                if ((mode & OwnerOnlyFiles.GroupOrOther) != 0)
                {
                    throw new InvalidOperationException(
                        $"Key file '{path}' is accessible by group or others (mode {OwnerOnlyFiles.FormatMode(mode)}); " +
                        "restrict it to its owner (chmod 600).");
                }
            }

            var length = RandomAccess.GetLength(handle);
            if (length > MaxFileBytes)
            {
                throw new InvalidDataException($"Key file '{path}' is larger than {MaxFileBytes} bytes.");
            }

            var content = new byte[length];
            try
            {
                OwnerOnlyFiles.ReadExactly(handle, content, $"Key file '{path}' was truncated while being read.");
                return KeyFileFormat.Decode(keyId, path, content);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(content);
            }
        }
    }

    private void WriteAtomically(string keyId, SoftwareKey key)
    {
        var content = KeyFileFormat.Encode(key);
        try
        {
            OwnerOnlyFiles.WriteAtomically(_directory, keyId, PathFor(keyId), [], content);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(content);
        }
    }
}
