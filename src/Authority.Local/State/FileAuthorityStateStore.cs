using System.Globalization;
using System.Text;
using Bridge.Abstractions;
using Bridge.Abstractions.State;
using Bridge.Authority.Files;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;

namespace Bridge.Authority.Local.State;

/// <summary>
/// Keeps state documents on local disk for the CLI and single-host runs: one file per document
/// (<c>&lt;name&gt;.state</c>: a one-line header with the revision, then the content). The directory is owner-only
/// (0700), files 0600. A write takes an exclusive lock on <c>&lt;name&gt;.lock</c>, compares the stored revision,
/// writes a temporary file and renames it into place, so compare-and-swap holds across threads, store instances and
/// processes, and readers (who take no lock) see the old document or the new one, never a mix.
/// </summary>
public sealed class FileAuthorityStateStore : IAuthorityStateStore
{
    private const string StateSuffix = ".state";
    private const string LockSuffix = ".lock";
    private const string HeaderPrefix = "bridge-state 1 ";
    private const int MaxHeaderBytes = 64;

    private readonly string _directory;
    private readonly TimeSpan _lockTimeout;

    // Writers of this instance queue here instead of spinning on the file lock; the file lock orders everyone else.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile bool _directoryChecked;

    /// <summary>Creates a store over <see cref="FileAuthorityStateStoreOptions.Directory"/>; nothing is touched until first use.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public FileAuthorityStateStore(IOptions<FileAuthorityStateStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new FileAuthorityStateStoreOptionsValidator().Validate(null, options.Value);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(FileAuthorityStateStoreOptions), typeof(FileAuthorityStateStoreOptions), result.Failures);
        }

        _directory = Path.GetFullPath(options.Value.Directory);
        _lockTimeout = options.Value.LockTimeout;
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">The document's file is corrupt.</exception>
    public Task<StateDocument?> GetAsync(string name, CancellationToken cancellationToken)
    {
        StateDocumentNames.ThrowIfInvalid(name);
        cancellationToken.ThrowIfCancellationRequested();
        if (!EnsureDirectory(create: false))
        {
            return Task.FromResult<StateDocument?>(null);
        }

        return Task.FromResult(Read(name));
    }

    /// <inheritdoc/>
    /// <exception cref="DependencyUnavailableException">Another writer held the document's lock longer than the lock timeout.</exception>
    public async Task<StateDocument?> TryWriteAsync(string name, ReadOnlyMemory<byte> content, long expectedRevision, CancellationToken cancellationToken)
    {
        StateDocumentNames.ThrowIfInvalidWrite(name, content, expectedRevision);
        cancellationToken.ThrowIfCancellationRequested();
        EnsureDirectory(create: true);

        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var fileLock = await AcquireLockAsync(name, cancellationToken).ConfigureAwait(false);
            var current = Read(name)?.Revision ?? 0;
            if (current != expectedRevision)
            {
                return null;
            }

            // Copied first so that a caller reusing its buffer cannot change what is stored or returned.
            var stored = new StateDocument(name, expectedRevision + 1, content.ToArray());
            WriteAtomically(name, stored);
            return stored;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private string StatePath(string name) => Path.Combine(_directory, name + StateSuffix);

    /// <summary>Takes the document's exclusive lock (see <see cref="OwnerOnlyFiles.AcquireLockAsync"/>).</summary>
    private Task<FileStream> AcquireLockAsync(string name, CancellationToken cancellationToken) =>
        OwnerOnlyFiles.AcquireLockAsync(
            Path.Combine(_directory, name + LockSuffix), _lockTimeout, $"The lock of state document '{name}' stayed busy for {_lockTimeout}.", cancellationToken);

    private StateDocument? Read(string name)
    {
        var path = StatePath(name);
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        using (handle)
        {
            var length = RandomAccess.GetLength(handle);
            if (length > IAuthorityStateStore.MaxContentBytes + MaxHeaderBytes)
            {
                throw new InvalidDataException($"State file '{path}' is larger than any state document.");
            }

            var bytes = new byte[length];
            OwnerOnlyFiles.ReadExactly(handle, bytes, $"State file '{path}' was truncated while being read.");
            return Decode(name, path, bytes);
        }
    }

    private static StateDocument Decode(string name, string path, byte[] bytes)
    {
        var newline = bytes.AsSpan(0, Math.Min(bytes.Length, MaxHeaderBytes)).IndexOf((byte)'\n');
        var header = newline < 0 ? string.Empty : Encoding.ASCII.GetString(bytes, 0, newline);
        if (!header.StartsWith(HeaderPrefix, StringComparison.Ordinal) ||
            !long.TryParse(header.AsSpan(HeaderPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ||
            revision < 1 || newline + 1 >= bytes.Length)
        {
            throw new InvalidDataException($"State file '{path}' is not a Bridge state document.");
        }

        return new StateDocument(name, revision, bytes.AsMemory(newline + 1));
    }

    private void WriteAtomically(string name, StateDocument document)
    {
        var header = Encoding.ASCII.GetBytes(HeaderPrefix + document.Revision.ToString(CultureInfo.InvariantCulture) + "\n");
        OwnerOnlyFiles.WriteAtomically(_directory, name, StatePath(name), header, document.Content.Span);
    }

    /// <summary>Makes sure the directory exists (when <paramref name="create"/>) and is not writable by others.</summary>
    private bool EnsureDirectory(bool create)
    {
        if (_directoryChecked)
        {
            return true;
        }

        if (!OwnerOnlyFiles.EnsureDirectory(_directory, create, _ =>
                $"State directory '{_directory}' is writable by group or others, so they could rewrite the rotation state; " +
                "restrict it to its owner (chmod 700)."))
        {
            return false;
        }

        _directoryChecked = true;
        return true;
    }
}
