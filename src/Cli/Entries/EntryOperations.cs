using Amazon.Runtime;
using Bridge.Abstractions;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Registration;
using Bridge.Cli.Output;
using Spectre.Console;

namespace Bridge.Cli.Entries;

/// <summary>
/// The <c>bridge entry</c> operations against an open store. Exit codes: 0 done, 1 refused (invalid entry, not found,
/// conflict), 2 bad usage or configuration, 3 the store is unavailable. Warnings (selectors no configured attestor can
/// emit, entries under a node set without a definition) go to <paramref name="warnings"/> (stderr) and never change the exit code.
/// </summary>
internal sealed partial class EntryOperations(
    EntryStoreConnection connection, IAnsiConsole console, bool json, SelectorVocabularyCheck vocabulary, TextWriter warnings)
{
    public const int Refused = 1;
    public const int UsageError = 2;
    public const int Unavailable = 3;

    private const int PageSize = 500;

    private IRegistrationStore Store => connection.Store;

    public Task<int> CreateAsync(EntryFields fields, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        var errors = new List<string>();
        var entry = fields.TryBuild(existing: null, connection.Validator.TrustDomain, errors);
        if (entry is null || !IsValid(entry, errors))
        {
            EntryRendering.WriteErrors(console, "The entry was not created:", errors);
            return Refused;
        }

        await WarnAsync([entry], cancellationToken).ConfigureAwait(false);

        var result = await Store.CreateAsync(entry, cancellationToken).ConfigureAwait(false);
        if (result.Status == RegistrationWriteStatus.AlreadyExists)
        {
            return Fail($"An entry with id '{entry.Id}' already exists; use 'bridge entry update'.");
        }

        return Done([result.Entry!], $"Created entry {result.Entry!.Id} in {connection.Description}.");
    });

    public Task<int> ListAsync(CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        var entries = await ReadAllAsync(cancellationToken).ConfigureAwait(false);
        return Done(entries, $"{entries.Count} entries in {connection.Description}.");
    });

    public Task<int> ShowAsync(string id, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        var entry = await Store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return entry is null ? Fail($"There is no entry '{id}' in {connection.Description}.") : Done([entry], null);
    });

    public Task<int> UpdateAsync(string id, EntryFields fields, long? expectedRevision, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        var existing = await Store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            return Fail($"There is no entry '{id}' in {connection.Description}.");
        }

        if (expectedRevision is { } revision && revision != existing.Revision)
        {
            return Fail(ConflictMessage(id, existing.Revision));
        }

        var errors = new List<string>();
        var entry = fields.TryBuild(existing, connection.Validator.TrustDomain, errors);
        if (entry is null || !IsValid(entry, errors))
        {
            EntryRendering.WriteErrors(console, $"Entry {id} was not changed:", errors);
            return Refused;
        }

        await WarnAsync([entry], cancellationToken).ConfigureAwait(false);

        var result = await Store.UpdateAsync(entry, cancellationToken).ConfigureAwait(false);
        return result.Status switch
        {
            RegistrationWriteStatus.Succeeded => Done([result.Entry!], $"Updated entry {id} to revision {result.Entry!.Revision}."),
            RegistrationWriteStatus.NotFound => Fail($"Entry '{id}' was deleted meanwhile; nothing was written."),
            _ => Fail(ConflictMessage(id, existing.Revision)),
        };
    });

    public Task<int> DeleteAsync(string id, long? expectedRevision, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        // Read first only to tell whether a node-set definition goes; the delete itself is conditional as before.
        var existing = await Store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var result = await Store.DeleteAsync(id, expectedRevision, cancellationToken).ConfigureAwait(false);
        if (result.Status == RegistrationWriteStatus.Succeeded && existing is not null && NodeSetReferenceCheck.Concerns(existing))
        {
            var remaining = await ReadAllAsync(cancellationToken).ConfigureAwait(false);
            EntryRendering.WriteWarnings(warnings, NodeSetReferenceCheck.CheckAfterDelete(existing, remaining));
        }

        return result.Status switch
        {
            RegistrationWriteStatus.Succeeded => Done([], $"Deleted entry {id} from {connection.Description}."),
            RegistrationWriteStatus.NotFound => Fail($"There is no entry '{id}' in {connection.Description}."),
            _ => Fail($"Entry '{id}' is not at revision {expectedRevision}; nothing was deleted."),
        };
    });

    /// <summary>
    /// Creates the file's new entries and updates changed ones (matched by id); entries only in the store are kept.
    /// The whole file is validated first, so an invalid file changes nothing.
    /// </summary>
    public Task<int> ImportAsync(FileInfo file, bool dryRun, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        if (!file.Exists)
        {
            return Fail($"{file.FullName} does not exist.");
        }

        var parsed = RegistrationEntryFile.Parse(
            await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false), connection.Validator);
        if (!parsed.IsValid)
        {
            EntryRendering.WriteErrors(console, $"{file.Name}: {parsed.Errors.Count} error(s); nothing was imported:", parsed.Errors);
            return Refused;
        }

        await WarnAsync(parsed.Entries, cancellationToken).ConfigureAwait(false);
        var rows = new List<IReadOnlyList<WrappedText>>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in parsed.Entries)
        {
            var action = await ImportOneAsync(entry, dryRun, cancellationToken).ConfigureAwait(false);
            counts[action] = counts.GetValueOrDefault(action) + 1;
            rows.Add([new(entry.Id), new(entry.SpiffeId), new(action)]);
        }

        console.Write(FittedTable.Create(null, ["Entry", "SPIFFE ID", "Action"], rows, console.Profile.Width));
        var summary = string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Value} {c.Key}"));
        console.MarkupLine(Markup.Escape($"{(dryRun ? "Dry run, nothing written: " : string.Empty)}{summary} ({connection.Description})."));
        return counts.ContainsKey(ImportActions.Conflict) ? Refused : 0;
    });

    private async Task<string> ImportOneAsync(RegistrationEntry entry, bool dryRun, CancellationToken cancellationToken)
    {
        var existing = await Store.GetAsync(entry.Id, cancellationToken).ConfigureAwait(false);
        if (existing is not null && SameContent(existing, entry))
        {
            return ImportActions.Unchanged;
        }

        if (dryRun)
        {
            return existing is null ? ImportActions.WouldCreate : ImportActions.WouldUpdate;
        }

        var result = existing is null
            ? await Store.CreateAsync(entry with { Revision = 0 }, cancellationToken).ConfigureAwait(false)
            : await Store.UpdateAsync(entry with { Revision = existing.Revision }, cancellationToken).ConfigureAwait(false);
        return result.Status != RegistrationWriteStatus.Succeeded ? ImportActions.Conflict
            : existing is null ? ImportActions.Created : ImportActions.Updated;
    }

    private async Task<List<RegistrationEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var entries = new List<RegistrationEntry>();
        string? token = null;
        do
        {
            var page = await Store.ListAsync(token, PageSize, cancellationToken).ConfigureAwait(false);
            entries.AddRange(page.Entries);
            token = page.NextPageToken;
        }
        while (token is not null);
        return entries;
    }

    /// <summary>
    /// Warns about selectors no caller can present and about entries under an undefined node set. The other entries are
    /// read only when some entry is under a node set: <paramref name="entries"/> replace the stored ones of the same id.
    /// </summary>
    private async Task WarnAsync(IReadOnlyList<RegistrationEntry> entries, CancellationToken cancellationToken)
    {
        EntryRendering.WriteWarnings(warnings, entries.SelectMany(vocabulary.Check));
        if (!entries.Any(NodeSetReferenceCheck.Concerns))
        {
            return;
        }

        var ids = entries.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var stored = await ReadAllAsync(cancellationToken).ConfigureAwait(false);
        EntryRendering.WriteWarnings(warnings, NodeSetReferenceCheck.Check([.. stored.Where(e => !ids.Contains(e.Id)), .. entries], entries));
    }

    private bool IsValid(RegistrationEntry entry, List<string> errors)
    {
        errors.AddRange(connection.Validator.Validate(entry));
        return errors.Count == 0;
    }

    private int Done(IReadOnlyList<RegistrationEntry> entries, string? summary)
    {
        if (entries.Count > 0 || json)
        {
            EntryRendering.Write(console, entries, json);
        }

        if (!json && summary is not null)
        {
            console.MarkupLine($"[green]{Markup.Escape(summary)}[/]");
        }

        return 0;
    }

    private int Fail(string message)
    {
        console.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        return Refused;
    }

    private static string ConflictMessage(string id, long storedRevision) =>
        $"Entry '{id}' changed meanwhile (it is at revision {storedRevision}); nothing was written. Show it and try again.";

    // Revisions differ between a file and a store by nature; everything else must match.
    private static bool SameContent(RegistrationEntry a, RegistrationEntry b) =>
        RegistrationEntryFile.Serialize([a with { Revision = 0 }]) == RegistrationEntryFile.Serialize([b with { Revision = 0 }]);

    private async Task<int> GuardAsync(Func<Task<int>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is DependencyUnavailableException or AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            // The type names the cause (throttling, no credentials, unreachable endpoint) without echoing any secret.
            console.MarkupLine($"[red]error:[/] {Markup.Escape(connection.Description)} is unavailable ({Markup.Escape(exception.GetType().Name)}: {Markup.Escape(exception.Message)}).");
            return Unavailable;
        }
    }

    private static class ImportActions
    {
        public const string Created = "created";
        public const string Updated = "updated";
        public const string Unchanged = "unchanged";
        public const string WouldCreate = "would create";
        public const string WouldUpdate = "would update";
        public const string Conflict = "conflict (changed meanwhile)";
    }
}
