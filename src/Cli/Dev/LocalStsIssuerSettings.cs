namespace Bridge.Cli.Dev;

/// <summary>
/// The service settings that make Bridge trust a <see cref="LocalStsIssuer"/>: Bridge's audience and element 0 of the
/// <c>Bridge:Attestors:Oidc:Issuers</c> array, with the <c>AwsSts</c> profile. The demo, the load and cold-start tools
/// and <c>bridge dev issuer</c> (which prints them) all configure the service from here.
/// </summary>
internal static class LocalStsIssuerSettings
{
    /// <summary>The attestor name: registration entries name it as their parent (<c>--attestor aws-sts</c>).</summary>
    public const string AttestorName = "aws-sts";

    /// <summary>The service's default audience (<c>src/ExchangeFunction/appsettings.json</c>).</summary>
    public const string DefaultAudience = "bridge";

    /// <summary>The AWS account the demo's and the dev issuer's roles live in.</summary>
    public const string DemoAccount = "111122223333";

    private const string Oidc = "Bridge:Attestors:Oidc:";

    /// <summary>The settings as configuration keys (<c>:</c>-separated; array elements by index) and values.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> For(string issuer, string audience, string allowedAccount) =>
    [
        new(Oidc + "Audience", audience),
        new(Oidc + "Issuers:0:Name", AttestorName),
        new(Oidc + "Issuers:0:Issuer", issuer),
        new(Oidc + "Issuers:0:Profile", "AwsSts"),

        // Plain http is accepted only because the issuer is on loopback, and only with this switch.
        new(Oidc + "Issuers:0:AllowInsecureLoopbackHttp", "true"),
        new(Oidc + "Issuers:0:AllowedAccounts:0", allowedAccount),
    ];

    /// <summary>A setting as a command-line argument: <c>--Bridge:Attestors:Oidc:Issuers:0:Issuer=…</c>.</summary>
    public static string AsArgument(KeyValuePair<string, string> setting) => $"--{setting.Key}={setting.Value}";

    /// <summary>A setting's environment variable name: <c>__</c> for each <c>:</c>.</summary>
    public static string AsEnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
