using System.Collections.Immutable;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Files;
using Bridge.Authority.Hosting;
using Bridge.Authority.Registration;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Local.Registration;

/// <summary>
/// Registration entries kept in a JSON file (docs/registration.md). The file is read and validated once, at start:
/// any problem stops startup with every error listed. Writes are validated too (an entry that would make the next
/// start fail is refused) and replace the file atomically (temporary file of mode 0600, flush, rename). A file that group
/// or others may write is refused at load, as key files are. One process owns the file;
/// changes made to it by others after start are not seen, and are overwritten by the next write.
/// </summary>
public sealed class JsonFileRegistrationStore : TableRegistrationStore
{
    /// <summary>The largest registration file read (64 MiB): far above any real file, far below memory trouble.</summary>
    public const int MaxFileBytes = 64 * 1024 * 1024;

    private readonly RegistrationEntryValidator _validator;
    private readonly string _path;

    private JsonFileRegistrationStore(string path, RegistrationEntryValidator validator, IReadOnlyList<RegistrationEntry> entries)
        : base(entries, persists: true)
    {
        _path = path;
        _validator = validator;
    }

    /// <summary>The full path of the registration file.</summary>
    public string FilePath => _path;

    /// <summary>Loads and validates the registration file.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    /// <exception cref="RegistrationEntryFileException">
    /// The file is missing (and that is not allowed), unreadable, or invalid; <see cref="RegistrationEntryFileException.Errors"/>
    /// lists every problem.
    /// </exception>
    public static async Task<JsonFileRegistrationStore> LoadAsync(
        JsonFileRegistrationStoreOptions options, RegistrationEntryValidator validator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(validator);
        OptionsCheck.ThrowIfInvalid(options, new JsonFileRegistrationStoreOptionsValidator());

        var path = Path.GetFullPath(options.Path);
        byte[] json;
        try
        {
            json = await ReadOwnerWritableAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException) when (options.AllowMissingFile && Directory.Exists(Path.GetDirectoryName(path)))
        {
            return new JsonFileRegistrationStore(path, validator, []);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RegistrationEntryFileException($"The registration file '{path}' cannot be read: {ex.Message}", ex);
        }

        var result = RegistrationEntryFile.ParseUtf8(json, validator);
        if (!result.IsValid)
        {
            throw new RegistrationEntryFileException(path, result.Errors);
        }

        return new JsonFileRegistrationStore(path, validator, result.Entries);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The entry is invalid; the message lists every problem.</exception>
    public override ValueTask<RegistrationWriteResult> CreateAsync(RegistrationEntry entry, CancellationToken cancellationToken)
    {
        RequireValid(entry);
        return base.CreateAsync(entry, cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The entry is invalid; the message lists every problem.</exception>
    public override ValueTask<RegistrationWriteResult> UpdateAsync(RegistrationEntry entry, CancellationToken cancellationToken)
    {
        RequireValid(entry);
        return base.UpdateAsync(entry, cancellationToken);
    }

    private void RequireValid(RegistrationEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var errors = _validator.Validate(entry);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid registration entry: " + string.Join("; ", errors), nameof(entry));
        }
    }

    /// <summary>
    /// Reads the whole file, refusing one that group or others may write: whoever can change the entries decides who
    /// gets which identity, so the file is held to the same standard as keys. The mode is read through the open handle,
    /// so the file checked is the file read.
    /// </summary>
    /// <exception cref="RegistrationEntryFileException">The file is writable by group or others.</exception>
    private static async Task<byte[]> ReadOwnerWritableAsync(string path, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(handle);
            if ((mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            {
                throw new RegistrationEntryFileException(
                    $"The registration file '{path}' is writable by group or others (mode {OwnerOnlyFiles.FormatMode(mode)}), " +
                    $"so they could give themselves any identity; restrict it to its owner (chmod 600 '{path}').");
            }
        }

        var length = RandomAccess.GetLength(handle);
        if (length > MaxFileBytes)
        {
            throw new RegistrationEntryFileException($"The registration file '{path}' is larger than {MaxFileBytes} bytes.");
        }

        var json = new byte[length];
        var read = 0;
        while (read < json.Length)
        {
            var n = await RandomAccess.ReadAsync(handle, json.AsMemory(read), read, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new RegistrationEntryFileException($"The registration file '{path}' was truncated while being read.");
            }

            read += n;
        }

        return json;
    }

    private protected override ValueTask PersistAsync(ImmutableSortedDictionary<string, RegistrationEntry> entries, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RegistrationEntryFile.Write(_path, entries.Values);
        return ValueTask.CompletedTask;
    }
}
