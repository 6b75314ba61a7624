using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Bridge.Cli.Dev;

/// <summary>
/// <c>POST /mint</c> of the local STS stand-in: a form in (<c>role</c>; optionally <c>account</c>, <c>audience</c>,
/// <c>lifetime</c> in seconds), the bare token out as text/plain, so that
/// <c>curl -s -d role=payments http://127.0.0.1:5090/mint -o token.txt</c> leaves exactly the token in the file. It is
/// the stand-in for a workload calling GetWebIdentityToken with its role's credentials, minus the credentials: only
/// requests naming a loopback host and carrying no browser <c>Origin</c> are served (a web page, even one whose DNS
/// name was rebound to 127.0.0.1, cannot mint), and every value is checked as STS would.
/// </summary>
internal static partial class LocalStsMintEndpoint
{
    public const string Path = "/mint";

    private const int MaxBodyBytes = 4096;
    private const int MaxAudienceLength = 1000;

    /// <summary>STS's <c>DurationSeconds</c>: 60–3600, default 300.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan MinLifetime = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);

    /// <summary>The account and audience of tokens whose request names none.</summary>
    public sealed record Defaults(string Account, string Audience);

    /// <summary>What was minted (never the token itself).</summary>
    public sealed record Minted(string Subject, string Audience, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

    public static async Task<IResult> HandleAsync(HttpContext context, LocalStsIssuer issuer, Defaults defaults, Action<Minted>? onMint)
    {
        var request = context.Request;
        if (request.Host.Host is not ("127.0.0.1" or "localhost") || request.Headers.Origin.Count > 0)
        {
            return Refuse(StatusCodes.Status403Forbidden, "only local command-line clients may mint (Host 127.0.0.1 or localhost, no Origin)");
        }

        if (!request.HasFormContentType)
        {
            return Refuse(StatusCodes.Status415UnsupportedMediaType, "send a form, e.g. curl -s -d role=payments <issuer>/mint");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = MaxBodyBytes;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
        {
            return Refuse(StatusCodes.Status400BadRequest, "the form could not be read");
        }

        if (!TryRead(form, defaults, out var account, out var role, out var audience, out var lifetime, out var error))
        {
            return Refuse(StatusCodes.Status400BadRequest, error);
        }

        var token = issuer.MintRoleToken(account, role, audience, lifetime, out var expiresAt);
        onMint?.Invoke(new Minted(LocalStsIssuer.RoleArn(account, role), audience, expiresAt - lifetime, expiresAt));
        context.Response.Headers.CacheControl = "no-store";
        return Results.Text(token, "text/plain");
    }

    private static bool TryRead(
        IFormCollection form, Defaults defaults, out string account, out string role, out string audience, out TimeSpan lifetime, out string error)
    {
        account = defaults.Account;
        role = audience = string.Empty;
        lifetime = DefaultLifetime;
        error = string.Empty;
        foreach (var (name, values) in form)
        {
            if (values.Count != 1 || string.IsNullOrEmpty(values[0]))
            {
                error = "each parameter once, with a value";
                return false;
            }

            var value = values[0]!;
            switch (name)
            {
                case "role" when RoleName().IsMatch(value):
                    role = value;
                    break;
                case "account" when AccountId().IsMatch(value):
                    account = value;
                    break;
                case "audience" when value.Length <= MaxAudienceLength && !value.Any(char.IsControl):
                    audience = value;
                    break;
                case "lifetime" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                                     && TimeSpan.FromSeconds(seconds) is var requested && requested >= MinLifetime && requested <= MaxLifetime:
                    lifetime = requested;
                    break;
                case "role" or "account" or "audience" or "lifetime":
                    error = $"invalid {name}: role is an IAM role name ([A-Za-z0-9+=,.@_-], 1-64), account 12 digits, audience 1-{MaxAudienceLength} characters, lifetime 60-3600 seconds";
                    return false;
                default:
                    error = "unknown parameter; accepted: role, account, audience, lifetime";
                    return false;
            }
        }

        if (role.Length == 0)
        {
            error = "role is required, e.g. -d role=payments";
            return false;
        }

        audience = audience.Length == 0 ? defaults.Audience : audience;
        return true;
    }

    // The error text never echoes the request: it is a fixed description of what is accepted.
    private static IResult Refuse(int status, string message) => Results.Text("error: " + message + "\n", "text/plain", statusCode: status);

    [GeneratedRegex(@"^[A-Za-z0-9+=,.@_-]{1,64}$")]
    private static partial Regex RoleName();

    [GeneratedRegex(@"^[0-9]{12}$")]
    private static partial Regex AccountId();
}
