using System.CommandLine;
using Bridge.Authority.Registration;
using Bridge.Cli.Entries;
using Bridge.Cli.Output;
using Bridge.Cli.Stores;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Bridge.Cli.Commands;

/// <summary>
/// <c>bridge entry validate | create | list | show | update | delete | import | explain</c>: registration entries in the
/// local file or in DynamoDB, checked with the service's own rules (every error at once), shown as a table or as
/// <c>--json</c>; <c>explain</c> shows which entries a caller gets and why the others that nearly match do not.
/// </summary>
internal static partial class EntryCommand
{
    public static Command Create() =>
        Create(AnsiConsole.Console, new ConfigurationBuilder().AddEnvironmentVariables().Build(), dynamoDbClient: null, Console.Error);

    /// <param name="console">Where output goes.</param>
    /// <param name="environment">
    /// Environment configuration the store settings fall back to; its attestor settings decide selector warnings.
    /// </param>
    /// <param name="dynamoDbClient">A DynamoDB client to use instead of one built from the settings (tests).</param>
    /// <param name="warnings">Where warnings go (stderr).</param>
    internal static Command Create(
        IAnsiConsole console, IConfiguration environment, Amazon.DynamoDBv2.IAmazonDynamoDB? dynamoDbClient, TextWriter warnings)
    {
        var store = NewStoreOptions();
        var entry = new Command("entry", "Work with registration entries: who gets which SPIFFE ID.");
        store.AddTo(entry);
        entry.Subcommands.Add(CreateValidate(console, environment, warnings));

        var fields = new FieldOptions();
        var json = new Option<bool>("--json") { Description = "Print entries in the registration file format instead of a table.", Recursive = true };
        entry.Options.Add(json);

        Func<ParseResult, CancellationToken, Task<int>> Run(StoreOperation<EntryOperations> operation) => (parse, ct) => StoreCommand.RunAsync(
            console,
            "entry store",
            () => EntryStoreConnection.OpenAsync(store.Read(parse), environment, dynamoDbClient, ct),
            connection => operation(
                parse, new EntryOperations(connection, console, parse.GetValue(json), SelectorVocabularyCheck.From(environment), warnings), ct));

        var create = new Command("create", "Create an entry.") { fields.Id };
        fields.AddTo(create);
        create.SetAction(Run((parse, ops, ct) => ops.CreateAsync(fields.Read(parse), ct)));

        var list = new Command("list", "List every entry.");
        list.SetAction(Run((parse, ops, ct) => ops.ListAsync(ct)));

        var idArgument = new Argument<string>("id") { Description = "The entry id." };
        var show = new Command("show", "Show one entry.") { idArgument };
        show.SetAction(Run((parse, ops, ct) => ops.ShowAsync(parse.GetValue(idArgument)!, ct)));

        var revision = new Option<long?>("--revision") { Description = "Act only if the entry is still at this revision." };
        var update = new Command("update", "Change an entry's given fields (a given list replaces the whole list).") { idArgument, revision };
        fields.AddTo(update);
        update.SetAction(Run((parse, ops, ct) => ops.UpdateAsync(parse.GetValue(idArgument)!, fields.Read(parse), parse.GetValue(revision), ct)));

        var delete = new Command("delete", "Delete an entry.") { idArgument, revision };
        delete.SetAction(Run((parse, ops, ct) => ops.DeleteAsync(parse.GetValue(idArgument)!, parse.GetValue(revision), ct)));

        var fileArgument = new Argument<FileInfo>("file") { Description = "A registration entries file (JSON, as 'list --json' prints)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would change without writing." };
        var import = new Command("import", "Create or update the entries of a file, matched by id; other entries are kept.") { fileArgument, dryRun };
        import.SetAction(Run((parse, ops, ct) => ops.ImportAsync(parse.GetValue(fileArgument)!, parse.GetValue(dryRun), ct)));

        entry.Subcommands.Add(CreateExplain(environment, Run));
        entry.Subcommands.Add(create);
        entry.Subcommands.Add(list);
        entry.Subcommands.Add(show);
        entry.Subcommands.Add(update);
        entry.Subcommands.Add(delete);
        entry.Subcommands.Add(import);
        return entry;
    }

    private static Command CreateValidate(IAnsiConsole console, IConfiguration environment, TextWriter warnings)
    {
        var fileArgument = new Argument<FileInfo>("file") { Description = "The registration entries file (JSON)." };
        var validate = new Command("validate", "Validate a registration entries file; every error is reported at once.") { fileArgument };
        validate.SetAction(parse => Validate(
            parse.GetValue(fileArgument)!, parse.GetValue<string>("--trust-domain") ?? "example.org", console,
            SelectorVocabularyCheck.From(environment), warnings));
        return validate;
    }

    internal static int Validate(
        FileInfo file, string trustDomainName, IAnsiConsole console, SelectorVocabularyCheck? vocabulary = null, TextWriter? warnings = null)
    {
        vocabulary ??= SelectorVocabularyCheck.From(new ConfigurationBuilder().Build());
        warnings ??= TextWriter.Null;
        ConsoleLayout.WidenWhenRedirected(console);
        if (!TrustDomain.TryParse(trustDomainName, out var trustDomain, out var tdError))
        {
            console.MarkupLine($"[red]error:[/] --trust-domain '{Markup.Escape(trustDomainName)}' is not valid: {Markup.Escape(tdError)}");
            return 2;
        }

        if (!file.Exists)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(file.FullName)} does not exist.");
            return 2;
        }

        var validator = new RegistrationEntryValidator(new RegistrationEntryValidatorOptions { TrustDomain = trustDomain });
        var result = RegistrationEntryFile.Parse(File.ReadAllText(file.FullName), validator);
        if (result.IsValid)
        {
            EntryRendering.WriteWarnings(warnings, result.Entries.SelectMany(vocabulary.Check));
            EntryRendering.WriteWarnings(warnings, NodeSetReferenceCheck.Check(result.Entries, result.Entries));
            EntryRendering.Write(console, result.Entries, json: false);
            console.MarkupLine($"[green]{Markup.Escape(file.Name)}: {result.Entries.Count} valid entries for trust domain {trustDomain}.[/]");
            return 0;
        }

        EntryRendering.WriteErrors(console, $"{file.Name}: {result.Errors.Count} error(s):", result.Errors);
        return 1;
    }
}
