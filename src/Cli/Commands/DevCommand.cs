using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Bridge.Cli.Dev;

namespace Bridge.Cli.Commands;

/// <summary>
/// <c>bridge dev issuer [--port 5090] [--account ID] [--audience AUD]</c>: runs the local STS stand-in in the foreground
/// until Ctrl+C, prints the service settings that trust it and the curl line that mints a token. Development only.
/// </summary>
internal static partial class DevCommand
{
    public const int DefaultPort = 5090;

    /// <summary>What <c>bridge dev issuer</c> was asked for.</summary>
    internal sealed record IssuerArguments(int Port, string Account, string Audience);

    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "The loopback port (0: any free port).", DefaultValueFactory = _ => DefaultPort };
        var account = new Option<string>("--account") { Description = "The AWS account of minted tokens (12 digits).", DefaultValueFactory = _ => LocalStsIssuerSettings.DemoAccount };
        var audience = new Option<string>("--audience") { Description = "The audience of minted tokens: the service's Bridge:Attestors:Oidc:Audience.", DefaultValueFactory = _ => LocalStsIssuerSettings.DefaultAudience };
        var issuer = new Command("issuer", "DEVELOPMENT ONLY: run a local stand-in for the AWS STS token issuer on 127.0.0.1, print the service settings that trust it, mint tokens for IAM roles (POST /mint).")
        {
            port,
            account,
            audience,
        };
        issuer.SetAction((parse, ct) => RunIssuerAsync(
            new IssuerArguments(parse.GetValue(port), parse.GetValue(account)!, parse.GetValue(audience)!), Console.Out, TimeProvider.System, ct));
        return new Command("dev", "Development tools: local stand-ins for what AWS provides (never for production).") { issuer };
    }

    internal static async Task<int> RunIssuerAsync(IssuerArguments arguments, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        output = TextWriter.Synchronized(output);
        LocalStsIssuer issuer;
        try
        {
            issuer = await StartIssuerAsync(arguments, output, time, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            await output.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return 2;
        }
        catch (IOException)
        {
            await output.WriteLineAsync($"error: 127.0.0.1:{arguments.Port} is in use; choose another port with --port (and use the URL printed then).").ConfigureAwait(false);
            return 1;
        }

        await using (issuer.ConfigureAwait(false))
        {
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: the normal way to stop.
            }
        }

        return 0;
    }

    /// <summary>Starts the issuer and prints what to paste; each mint is then reported on <paramref name="output"/> (never the token).</summary>
    internal static async Task<LocalStsIssuer> StartIssuerAsync(IssuerArguments arguments, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        if (arguments.Port is < 0 or > 65535 || !AccountId().IsMatch(arguments.Account) || string.IsNullOrWhiteSpace(arguments.Audience))
        {
            throw new ArgumentException("--port must be 0-65535, --account 12 digits and --audience not empty.");
        }

        var issuer = await LocalStsIssuer.StartAsync(
            time,
            arguments.Port,
            new LocalStsMintEndpoint.Defaults(arguments.Account, arguments.Audience),
            minted => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{minted.IssuedAt:HH:mm:ss} minted a token for {minted.Subject}, aud {minted.Audience}, expires {minted.ExpiresAt:HH:mm:ss}Z")),
            cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(Banner(issuer.Issuer, arguments)).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return issuer;
    }

    internal static string Banner(string issuer, IssuerArguments arguments)
    {
        var settings = LocalStsIssuerSettings.For(issuer, arguments.Audience, arguments.Account);
        var text = new System.Text.StringBuilder();
        text.AppendLine("DEVELOPMENT ONLY: a local stand-in for the AWS STS token issuer (GetWebIdentityToken).");
        text.AppendLine($"Issuer {issuer} on loopback; its RSA key lives in memory and is new on every start.");
        text.AppendLine("Anything on this machine can mint its tokens: only a Bridge started with the settings below trusts them.");
        text.AppendLine();
        text.AppendLine("Start the service with these settings, as command-line arguments (Issuers:0 is element 0 of the Issuers array):");
        text.AppendLine("  dotnet run --project src/ExchangeFunction -- \\");
        text.AppendLine(string.Join(" \\\n", settings.Select(s => "    " + LocalStsIssuerSettings.AsArgument(s))));
        text.AppendLine("or as environment variables (__ in place of each :):");
        foreach (var (key, value) in settings)
        {
            text.AppendLine($"  export {LocalStsIssuerSettings.AsEnvironmentName(key)}={value}");
        }

        text.AppendLine();
        text.AppendLine($"Mint a token for an IAM role of account {arguments.Account} (single use; audience {arguments.Audience}; 5 minutes):");
        text.AppendLine($"  curl -s -d role=payments {issuer}{LocalStsMintEndpoint.Path} -o token.txt");
        text.AppendLine("  more form fields: account=<12 digits>, audience=<aud>, lifetime=<60-3600 seconds>");
        text.AppendLine();
        text.AppendLine("Mints are listed below. Ctrl+C stops the issuer.");
        return text.ToString();
    }

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountId();
}
