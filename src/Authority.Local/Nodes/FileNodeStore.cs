using Bridge.Abstractions.Nodes;
using Bridge.Authority.Files;
using Bridge.Authority.Hosting;
using Bridge.Authority.Paging;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Local.Nodes;

/// <summary>
/// Attested-node records in one JSON file (<see cref="NodeRecordJson"/>) for local runs, where the service and the
/// <c>bridge agent</c> command are separate processes over the same file. Nothing is cached: every call reads the file,
/// so a ban the command writes is seen by the service's next call. A write takes an exclusive lock on
/// <c>&lt;file&gt;.lock</c>, re-reads the file under it, applies the change and replaces the file atomically (0600
/// temporary file, flush, rename), so conditional writes hold across threads, instances and processes and lock-free
/// readers see the old file or the new one. A directory or file that group or others may write is refused (whoever
/// writes it could lift a ban), and a file that cannot be read as records fails every call with
/// <see cref="InvalidDataException"/> rather than being taken as empty.
/// </summary>
public sealed class FileNodeStore : INodeStore
{
    /// <summary>The largest file read (64 MiB): far above any real fleet, far below memory trouble.</summary>
    public const int MaxFileBytes = 64 * 1024 * 1024;

    // Tagged apart from the other node stores' tokens, so a token of one store is refused by another.
    private static readonly PageTokenCodec PageTokens = new("fn1.", PageTokenCodec.IsSpiffeId);

    private readonly string _path;
    private readonly string _directory;
    private readonly TimeProvider _time;
    private readonly TimeSpan _expiryGrace;
    private readonly TimeSpan _lockTimeout;

    // Writers of this instance queue here instead of spinning on the file lock; the file lock orders everyone else.
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    /// <summary>Creates a store over <see cref="FileNodeStoreOptions.Path"/>; nothing is touched until first use.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public FileNodeStore(IOptions<FileNodeStoreOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        OptionsCheck.ThrowIfInvalid(options.Value, new FileNodeStoreOptionsValidator());

        _path = Path.GetFullPath(options.Value.Path);
        _directory = Path.GetDirectoryName(_path)!;
        _time = timeProvider;
        _expiryGrace = options.Value.ExpiryGrace;
        _lockTimeout = options.Value.LockTimeout;
    }

    /// <summary>The full path of the node record file.</summary>
    public string FilePath => _path;

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">The file is not a valid node record file.</exception>
    /// <exception cref="InvalidOperationException">The file or its directory is writable by group or others.</exception>
    public ValueTask<NodeRecord?> GetAsync(SpiffeId agentId, CancellationToken cancellationToken)
    {
        NodeRecords.ThrowIfInvalidKey(agentId);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read().GetValueOrDefault(agentId.ToString()));
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">The file is not a valid node record file.</exception>
    /// <exception cref="Abstractions.DependencyUnavailableException">Another writer held the lock longer than the lock timeout.</exception>
    public ValueTask<NodeWriteResult> TryCreateAsync(NodeRecord node, CancellationToken cancellationToken)
    {
        NodeRecords.ThrowIfInvalid(node);
        return WriteAsync(nodes =>
        {
            var key = node.AgentId.ToString();
            if (nodes.TryGetValue(key, out var existing) && !NodeRecords.IsStale(existing, _time.GetUtcNow(), _expiryGrace))
            {
                return new NodeWriteResult(NodeWriteStatus.AlreadyExists);
            }

            return Store(nodes, node, revision: 1);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">The file is not a valid node record file.</exception>
    /// <exception cref="Abstractions.DependencyUnavailableException">Another writer held the lock longer than the lock timeout.</exception>
    public ValueTask<NodeWriteResult> UpdateAsync(NodeRecord node, CancellationToken cancellationToken)
    {
        NodeRecords.ThrowIfInvalid(node);
        return WriteAsync(nodes =>
        {
            if (!nodes.TryGetValue(node.AgentId.ToString(), out var existing))
            {
                return new NodeWriteResult(NodeWriteStatus.NotFound);
            }

            if (existing.Banned)
            {
                return new NodeWriteResult(NodeWriteStatus.Banned);
            }

            return existing.Revision == node.Revision
                ? Store(nodes, node, node.Revision + 1)
                : new NodeWriteResult(NodeWriteStatus.Conflict);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">The file is not a valid node record file.</exception>
    /// <exception cref="Abstractions.DependencyUnavailableException">Another writer held the lock longer than the lock timeout.</exception>
    public ValueTask<NodeWriteResult> DeleteAsync(SpiffeId agentId, long? expectedRevision, CancellationToken cancellationToken)
    {
        NodeRecords.ThrowIfInvalidKey(agentId);
        return WriteAsync(nodes =>
        {
            var key = agentId.ToString();
            if (!nodes.TryGetValue(key, out var existing))
            {
                return new NodeWriteResult(NodeWriteStatus.NotFound);
            }

            if (expectedRevision is { } expected && existing.Revision != expected)
            {
                return new NodeWriteResult(NodeWriteStatus.Conflict);
            }

            nodes.Remove(key);
            return new NodeWriteResult(NodeWriteStatus.Succeeded);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">The file is not a valid node record file.</exception>
    /// <exception cref="Abstractions.DependencyUnavailableException">Another writer held the lock longer than the lock timeout.</exception>
    public ValueTask<NodeWriteResult> BanAsync(SpiffeId agentId, CancellationToken cancellationToken)
    {
        NodeRecords.ThrowIfInvalidKey(agentId);
        return WriteAsync(nodes => nodes.TryGetValue(agentId.ToString(), out var existing)
            ? Store(nodes, existing with { Banned = true }, existing.Revision + 1)
            : new NodeWriteResult(NodeWriteStatus.NotFound), cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">The file is not a valid node record file.</exception>
    public ValueTask<NodeRecordPage> ListAsync(string? pageToken, int pageSize, CancellationToken cancellationToken)
    {
        var after = NodePages.After(pageToken, pageSize, PageTokens);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(NodePages.Take(Read(), after, pageSize, PageTokens));
    }

    /// <summary>
    /// Runs <paramref name="change"/> on the records as they are on disk under the file lock, and writes them back when
    /// it succeeded: a record read before the lock could be one another process has since banned or replaced.
    /// </summary>
    private async ValueTask<NodeWriteResult> WriteAsync(
        Func<SortedDictionary<string, NodeRecord>, NodeWriteResult> change, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureDirectory(create: true);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var fileLock = await OwnerOnlyFiles.AcquireLockAsync(
                _path + ".lock", _lockTimeout, $"The lock of node record file '{_path}' stayed busy for {_lockTimeout}.", cancellationToken)
                .ConfigureAwait(false);
            var nodes = Read();
            var result = change(nodes);
            if (result.Status == NodeWriteStatus.Succeeded)
            {
                OwnerOnlyFiles.WriteAtomically(_directory, Path.GetFileName(_path), _path, [], NodeRecordJson.Serialize(nodes.Values));
            }

            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static NodeWriteResult Store(SortedDictionary<string, NodeRecord> nodes, NodeRecord node, long revision)
    {
        // Lists are copied so that a caller changing its own afterwards cannot change what is returned.
        var stored = node with { Selectors = [.. node.Selectors], Revision = revision };
        nodes[node.AgentId.ToString()] = stored;
        return new NodeWriteResult(NodeWriteStatus.Succeeded, stored);
    }

    /// <summary>The records on disk; none when the file (or its directory) does not exist yet.</summary>
    private SortedDictionary<string, NodeRecord> Read()
    {
        var nodes = new SortedDictionary<string, NodeRecord>(StringComparer.Ordinal);
        if (!EnsureDirectory(create: false))
        {
            return nodes;
        }

        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return nodes;
        }

        byte[] bytes;
        using (handle)
        {
            // The mode is read through the open handle, so the file checked is the file read.
            if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(handle) is var mode
                && (mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            {
                throw new InvalidOperationException(
                    $"The node record file '{_path}' is writable by group or others (mode {OwnerOnlyFiles.FormatMode(mode)}), " +
                    $"so they could lift a ban or take over a node's identity; restrict it to its owner (chmod 600 '{_path}').");
            }

            var length = RandomAccess.GetLength(handle);
            if (length > MaxFileBytes)
            {
                throw new InvalidDataException($"The node record file '{_path}' is larger than {MaxFileBytes} bytes.");
            }

            bytes = new byte[length];
            OwnerOnlyFiles.ReadExactly(handle, bytes, $"The node record file '{_path}' was truncated while being read.");
        }

        try
        {
            foreach (var node in NodeRecordJson.Parse(bytes))
            {
                nodes.Add(node.AgentId.ToString(), node);
            }
        }
        catch (FormatException exception)
        {
            throw new InvalidDataException(
                $"The node record file '{_path}' is not valid: {exception.Message}. Nothing was read or written; " +
                "repair the file from a backup, or move it away to forget every node (each must attest again).", exception);
        }

        return nodes;
    }

    /// <summary>
    /// Makes sure the directory exists (when <paramref name="create"/>) and is not writable by others. Checked on every
    /// call, not once: another process may change it, and the check is one stat.
    /// </summary>
    private bool EnsureDirectory(bool create) =>
        OwnerOnlyFiles.EnsureDirectory(_directory, create, mode =>
            $"The node record directory '{_directory}' is writable by group or others (mode {OwnerOnlyFiles.FormatMode(mode)}), " +
            $"so they could replace the node record file; restrict it to its owner (chmod 700 '{_directory}').");
}
