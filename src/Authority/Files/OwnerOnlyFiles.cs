using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Bridge.Authority.Files;

/// <summary>
/// The owner-only file handling the on-disk stores share: a directory of mode 0700 that group and others may not
/// write, files of mode 0600 written to a temporary file and renamed into place, and whole-file reads.
/// </summary>
public static class OwnerOnlyFiles
{
    /// <summary>0600.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>0700.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Every permission bit of group and others.</summary>
    public const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private static readonly TimeSpan LockRetryDelay = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Makes sure <paramref name="directory"/> exists (when <paramref name="create"/>; created 0700) and is not
    /// writable by group or others.
    /// </summary>
    /// <param name="directory">The full path of the directory.</param>
    /// <param name="create">Whether a missing directory is created.</param>
    /// <param name="writableByOthersMessage">Builds the error from the directory's mode when others may write it.</param>
    /// <returns>False when the directory does not exist and was not to be created.</returns>
    /// <exception cref="InvalidOperationException">The directory is writable by group or others.</exception>
    public static bool EnsureDirectory(string directory, bool create, Func<UnixFileMode, string> writableByOthersMessage)
    {
        if (!Directory.Exists(directory))
        {
            if (!create)
            {
                return false;
            }

            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, DirectoryMode);
                // The umask may only have removed bits; set the mode explicitly so it is exactly 0700.
                File.SetUnixFileMode(directory, DirectoryMode);
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(directory);
            if ((mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            {
                throw new InvalidOperationException(writableByOthersMessage(mode));
            }
        }

        return true;
    }

    /// <summary>
    /// Writes <paramref name="header"/> then <paramref name="content"/> to a 0600 temporary file next to
    /// <paramref name="path"/> and renames it into place, so readers see the old file or the new one, never a mix.
    /// </summary>
    /// <param name="directory">The directory holding <paramref name="path"/>.</param>
    /// <param name="name">The document's name; the temporary file is <c>.&lt;name&gt;.&lt;random&gt;.tmp</c>.</param>
    /// <param name="path">The file to replace.</param>
    /// <param name="header">Bytes written before the content; may be empty.</param>
    /// <param name="content">The content.</param>
    public static void WriteAtomically(string directory, string name, string path, ReadOnlySpan<byte> header, ReadOnlySpan<byte> content)
    {
        // A leading '.' keeps temporary files apart from the stored names; the random part avoids collisions.
        var tempPath = Path.Combine(directory, $".{name}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");
        var renamed = false;
        try
        {
            var streamOptions = new FileStreamOptions
            {
                Mode = System.IO.FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.WriteThrough,
            };
            if (!OperatingSystem.IsWindows())
            {
                streamOptions.UnixCreateMode = FileMode;
            }

            using (var stream = new FileStream(tempPath, streamOptions))
            {
                if (!OperatingSystem.IsWindows())
                {
                    // The umask may only have removed bits; set the mode explicitly so it is exactly 0600.
                    File.SetUnixFileMode(stream.SafeFileHandle, FileMode);
                }

                stream.Write(header);
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            // rename(2) replaces the old file atomically.
            File.Move(tempPath, path, overwrite: true);
            renamed = true;
        }
        finally
        {
            if (!renamed)
            {
                TryDelete(tempPath);
            }
        }
    }

    /// <summary>
    /// Takes an exclusive lock on <paramref name="lockPath"/> (created 0600 when missing): .NET maps
    /// <see cref="FileShare.None"/> to flock(LOCK_EX) on Unix and to a sharing mode on Windows, both exclusive across
    /// processes and across handles within one process. The lock file is never deleted, since deleting it would let two
    /// writers lock two different files. Dispose the returned stream to release the lock.
    /// </summary>
    /// <param name="lockPath">The lock file.</param>
    /// <param name="timeout">How long to wait for another holder.</param>
    /// <param name="busyMessage">The error when the lock stayed busy for <paramref name="timeout"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="Abstractions.DependencyUnavailableException">Another holder kept the lock for <paramref name="timeout"/>.</exception>
    public static async Task<FileStream> AcquireLockAsync(string lockPath, TimeSpan timeout, string busyMessage, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = System.IO.FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        // Attempts rather than a clock: a test's fake clock must not stall a real file lock.
        var attempts = Math.Max(1, (int)(timeout / LockRetryDelay));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new FileStream(lockPath, options);
            }
            catch (IOException) when (attempt < attempts && File.Exists(lockPath))
            {
                await Task.Delay(LockRetryDelay, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (File.Exists(lockPath))
            {
                throw new Abstractions.DependencyUnavailableException(busyMessage, e);
            }
        }
    }

    /// <summary>Fills <paramref name="buffer"/> from the start of the file.</summary>
    /// <param name="handle">The open file.</param>
    /// <param name="buffer">Sized to the file's length.</param>
    /// <param name="truncatedMessage">The error when the file ends before the buffer is full.</param>
    /// <exception cref="InvalidDataException">The file shrank while being read.</exception>
    public static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, string truncatedMessage)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = RandomAccess.Read(handle, buffer[read..], read);
            if (n == 0)
            {
                throw new InvalidDataException(truncatedMessage);
            }

            read += n;
        }
    }

    /// <summary>The permission bits as four octal digits, e.g. <c>0644</c>.</summary>
    public static string FormatMode(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0');

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original failure is what the caller needs to see.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
