using System.CommandLine;
using Bridge.Authority.Ca.Rotation;
using Bridge.Authority.Rotation;
using Bridge.Cli.Authority;
using Bridge.Cli.Output;
using Bridge.ExchangeFunction.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Bridge.Cli.Commands;

/// <summary>
/// <c>bridge ca show | rotate</c>: the JWT signing keys and X.509 CAs of the configured backends (the same settings as the
/// service: <c>Bridge__Backends__...</c> in the environment or <c>--Bridge:Backends:State=DynamoDb</c>-style arguments).
/// </summary>
internal static class CaCommand
{
    public static Command Create() => Create(AnsiConsole.Console);

    internal static Command Create(IAnsiConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of tables." };

        var show = new Command("show", "List the JWT signing key and X.509 CA slots with their status and dates.") { json };
        show.SetAction((parse, ct) => RunAsync(console, [.. parse.UnmatchedTokens], rotate: false, parse.GetValue(json), ct));

        var rotate = new Command("rotate", "Run one rotation step now (what the schedule runs): prepare, activate or retire what is due.") { json };
        rotate.SetAction((parse, ct) => RunAsync(console, [.. parse.UnmatchedTokens], rotate: true, parse.GetValue(json), ct));

        // Any other argument is a service setting, as the service itself takes them: --Bridge:Backends:State=DynamoDb.
        show.TreatUnmatchedTokensAsErrors = false;
        rotate.TreatUnmatchedTokensAsErrors = false;
        return new Command("ca", "Inspect and rotate Bridge's signing keys and intermediate CA.") { show, rotate };
    }

    internal static async Task<int> RunAsync(IAnsiConsole console, string[] settings, bool rotate, bool json, CancellationToken cancellationToken)
    {
        ConsoleLayout.WidenWhenRedirected(console);
        AuthorityServices services;
        try
        {
            services = AuthorityServices.Create(settings);
        }
        catch (Exception exception) when (ValidationFailures(exception) is { Count: > 0 } failures)
        {
            console.MarkupLine("[red]The service settings are invalid:[/]");
            foreach (var failure in failures)
            {
                console.MarkupLine($"  [red]•[/] {Markup.Escape(failure)}");
            }

            return 2;
        }

        await using (services)
        {
            var jwtKeys = services.Services.GetRequiredService<JwtKeyRotator>();
            var cas = services.Services.GetRequiredService<X509CaRotator>();
            try
            {
                if (rotate)
                {
                    var jwtStep = await jwtKeys.RotateAsync(cancellationToken);
                    var caStep = await cas.RotateAsync(cancellationToken);
                    if (json)
                    {
                        console.Profile.Out.Writer.WriteLine(System.Text.Encoding.UTF8.GetString(RotationEventHandler.Write(jwtStep, caStep)));
                        return 0;
                    }

                    AuthorityRendering.WriteRotation(console, jwtStep, caStep);
                }

                var keys = await jwtKeys.DescribeAsync(cancellationToken);
                var caSlots = await cas.DescribeAsync(cancellationToken);
                if (json)
                {
                    console.Profile.Out.Writer.WriteLine(AuthorityJson.Describe(keys, caSlots));
                    return 0;
                }

                AuthorityRendering.WriteJwtKeys(console, keys);
                AuthorityRendering.WriteCas(console, caSlots);
                return 0;
            }
            catch (Exception exception) when (exception is Abstractions.DependencyUnavailableException or Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException)
            {
                console.MarkupLine($"[red]error:[/] a backend is unavailable ({Markup.Escape(exception.GetType().Name)}: {Markup.Escape(exception.Message)}).");
                return 3;
            }
        }
    }

    // The service's start-up validation reports each invalid section as its own exception, gathered in one aggregate.
    private static List<string> ValidationFailures(Exception exception) => exception switch
    {
        OptionsValidationException single => [.. single.Failures],
        AggregateException aggregate => [.. aggregate.Flatten().InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures).Distinct(StringComparer.Ordinal)],
        _ => [],
    };
}
