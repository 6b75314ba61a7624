using System.Collections.Immutable;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Registration;

/// <summary>
/// Registration entries kept in a JSON file (docs/registration.md). The file is read and validated once, at start:
/// any problem stops startup with every error listed. Writes are validated too (an entry that would make the next
/// start fail is refused) and replace the file atomically (temporary file, flush, rename). One process owns the file;
/// changes made to it by others after start are not seen, and are overwritten by the next write.
/// </summary>
public sealed class JsonFileRegistrationStore : IRegistrationStore
{
    private readonly RegistrationEntryTable _table;
    private readonly RegistrationEntryValidator _validator;
    private readonly string _path;

    private JsonFileRegistrationStore(string path, RegistrationEntryValidator validator, IReadOnlyList<RegistrationEntry> entries)
    {
        _path = path;
        _validator = validator;
        _table = new RegistrationEntryTable(entries, PersistAsync);
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
        var check = new JsonFileRegistrationStoreOptionsValidator().Validate(Options.DefaultName, options);
        if (check.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(JsonFileRegistrationStoreOptions), check.Failures);
        }

        var path = Path.GetFullPath(options.Path);
        byte[] json;
        try
        {
            json = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
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
    public ValueTask<IReadOnlyList<RegistrationEntry>> FindMatchingAsync(
        SpiffeId parentId, IReadOnlyCollection<Selector> selectors, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_table.FindMatching(parentId, selectors));
    }

    /// <inheritdoc/>
    public ValueTask<RegistrationEntry?> GetAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_table.Get(id));
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is not between 1 and 1000.</exception>
    /// <exception cref="ArgumentException"><paramref name="pageToken"/> is malformed.</exception>
    public ValueTask<RegistrationEntryPage> ListAsync(string? pageToken, int pageSize, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_table.List(pageToken, pageSize));
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The entry is invalid; the message lists every problem.</exception>
    public ValueTask<RegistrationWriteResult> CreateAsync(RegistrationEntry entry, CancellationToken cancellationToken)
    {
        RequireValid(entry);
        return _table.CreateAsync(entry, cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The entry is invalid; the message lists every problem.</exception>
    public ValueTask<RegistrationWriteResult> UpdateAsync(RegistrationEntry entry, CancellationToken cancellationToken)
    {
        RequireValid(entry);
        return _table.UpdateAsync(entry, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<RegistrationWriteResult> DeleteAsync(string id, long? expectedRevision, CancellationToken cancellationToken) =>
        _table.DeleteAsync(id, expectedRevision, cancellationToken);

    private void RequireValid(RegistrationEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var errors = _validator.Validate(entry);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid registration entry: " + string.Join("; ", errors), nameof(entry));
        }
    }

    private async ValueTask PersistAsync(
        ImmutableSortedDictionary<string, RegistrationEntry> entries, CancellationToken cancellationToken)
    {
        var json = RegistrationEntryFile.SerializeToUtf8(entries.Values);
        var temporary = $"{_path}.{Guid.NewGuid():N}.tmp";
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(json, cancellationToken).ConfigureAwait(false);
                // The rename must not publish a file whose bytes are still only in the page cache.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, _path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
