using System.CommandLine;
using Bridge.Authority.Ca.Rotation;
using Bridge.Authority.Hosting;
using Bridge.Authority.Rotation;
using Bridge.Cli.Authority;
using Bridge.Cli.Output;
using Bridge.ExchangeFunction.Hosting;
using Bridge.ExchangeFunction.Hosting.Startup;
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

        var init = new Option<bool>("--init") { Description = "Allow the first key and CA to be created in an empty store (the service does this on its first start)." };
        var rotate = new Command("rotate", "Run one rotation step now (what the schedule runs): prepare, activate or retire what is due.") { json, init };
        rotate.SetAction((parse, ct) => RunAsync(console, [.. parse.UnmatchedTokens], rotate: true, parse.GetValue(json), ct, parse.GetValue(init)));

        // Any other argument is a service setting, as the service itself takes them: --Bridge:Backends:State=DynamoDb.
        show.TreatUnmatchedTokensAsErrors = false;
        rotate.TreatUnmatchedTokensAsErrors = false;
        return new Command("ca", "Inspect and rotate Bridge's signing keys and intermediate CA.") { show, rotate };
    }

    /// <summary>Exit code when the store holds no key and no CA yet (and <c>--init</c> was not given).</summary>
    internal const int EmptyStore = 4;

    internal static async Task<int> RunAsync(IAnsiConsole console, string[] settings, bool rotate, bool json, CancellationToken cancellationToken, bool init = false)
    {
        ConsoleLayout.WidenWhenRedirected(console);
        AuthorityServices services;
        try
        {
            services = AuthorityServices.Create(settings);
        }
        catch (StartupFailedException exception)
        {
            return InvalidSettings(console, exception.Problems);
        }

        await using (services)
        {
            var jwtKeys = services.Services.GetRequiredService<JwtKeyRotator>();
            var cas = services.Services.GetRequiredService<X509CaRotator>();
            var backends = services.Services.GetRequiredService<BackendCatalog>();
            var store = $"rotation state: {backends.Location(BackendSeams.State)}; keys: {backends.Location(BackendSeams.Keys)}";
            try
            {
                // Acting on an empty store is almost always the wrong location (another directory, table or Region):
                // showing nothing would hide that, and rotating would silently mint a CA nobody trusts.
                var empty = (await jwtKeys.DescribeAsync(cancellationToken)).Slots.Count == 0
                    && (await cas.DescribeAsync(cancellationToken)).Slots.Count == 0;
                if (empty && !(rotate && init))
                {
                    console.MarkupLine($"[red]error:[/] no signing key or CA yet in this store ({Markup.Escape(store)}): nothing to {(rotate ? "rotate" : "show")}.");
                    console.MarkupLine("Run this from the directory the service runs in (or give the same Bridge settings), start the service once, or create them with [bold]bridge ca rotate --init[/].");
                    return EmptyStore;
                }

                if (!json)
                {
                    console.MarkupLine($"[grey]{Markup.Escape(char.ToUpperInvariant(store[0]) + store[1..])}[/]");
                }

                return await RunStepAsync(console, jwtKeys, cas, rotate, json, cancellationToken);
            }
            catch (Exception exception) when (exception is Abstractions.DependencyUnavailableException or Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException)
            {
                console.MarkupLine($"[red]error:[/] a backend is unavailable ({Markup.Escape(exception.GetType().Name)}: {Markup.Escape(exception.Message)}).");
                return 3;
            }
        }
    }

    private static int InvalidSettings(IAnsiConsole console, IEnumerable<string> failures)
    {
        console.MarkupLine("[red]The service settings are invalid:[/]");
        foreach (var failure in failures)
        {
            console.MarkupLine($"  [red]•[/] {Markup.Escape(failure)}");
        }

        return 2;
    }

    private static async Task<int> RunStepAsync(
        IAnsiConsole console, JwtKeyRotator jwtKeys, X509CaRotator cas, bool rotate, bool json, CancellationToken cancellationToken)
    {
        if (rotate)
        {
            var jwtStep = await jwtKeys.RotateAsync(cancellationToken);
            var caStep = await cas.RotateAsync(cancellationToken);
            if (json)
            {
                console.Profile.Out.Writer.WriteLine(System.Text.Encoding.UTF8.GetString(RotationResultJson.Write(jwtStep, caStep)));
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
}
