using System.CommandLine;
using Bridge.Authority.Registration;
using Bridge.Cli.Output;
using Bridge.Spiffe.Id;
using Spectre.Console;

namespace Bridge.Cli.Commands;

/// <summary><c>bridge entry validate FILE</c>: checks an entries file with the service's own rules, reporting every error.</summary>
internal static class EntryCommand
{
    public static Command Create()
    {
        var fileArgument = new Argument<FileInfo>("file") { Description = "The registration entries file (JSON)." };
        var trustDomainOption = new Option<string>("--trust-domain")
        {
            Description = "The trust domain the entries belong to.",
            DefaultValueFactory = _ => "example.org",
        };
        var validate = new Command("validate", "Validate a registration entries file; every error is reported at once.")
        {
            fileArgument,
            trustDomainOption,
        };
        validate.SetAction(parse => Validate(parse.GetValue(fileArgument)!, parse.GetValue(trustDomainOption)!, AnsiConsole.Console));

        return new Command("entry", "Work with registration entries.") { validate };
    }

    internal static int Validate(FileInfo file, string trustDomainName, IAnsiConsole console)
    {
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
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Entry", "SPIFFE ID", "Parent", "Selectors");
            foreach (var entry in result.Entries)
            {
                table.AddRow(Markup.Escape(entry.Id), Markup.Escape(entry.SpiffeId), Markup.Escape(entry.ParentId.ToString()),
                    Markup.Escape(string.Join(", ", entry.Selectors)));
            }

            console.Write(table);
            console.MarkupLine($"[green]{Markup.Escape(file.Name)}: {result.Entries.Count} valid entries for trust domain {trustDomain}.[/]");
            return 0;
        }

        console.MarkupLine($"[red]{Markup.Escape(file.Name)}: {result.Errors.Count} error(s):[/]");
        foreach (var error in result.Errors)
        {
            console.MarkupLine($"  [red]•[/] {Markup.Escape(error)}");
        }

        return 1;
    }
}
