using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Bridge.Cli.Commands;
using Bridge.Cli.Dev;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bridge.Cli.Tests.Dev;

/// <summary>
/// <c>bridge dev issuer</c>: what it prints, the tokens <c>POST /mint</c> gives (checked with IdentityModel against the
/// issuer's own discovery and JWKS, as the service's attestor does), and the requests it refuses.
/// </summary>
public sealed class DevIssuerCommandTests : IAsyncLifetime
{
    private readonly StringWriter _output = new();
    private readonly HttpClient _http = new();
    private LocalStsIssuer _issuer = null!;

    public async ValueTask InitializeAsync() =>
        _issuer = await DevCommand.StartIssuerAsync(
            new DevCommand.IssuerArguments(0, "444455556666", "bridge-dev"), _output, TimeProvider.System, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _issuer.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public void Start_PrintsSettingsAsArgumentsAndEnvironmentVariables_AndTheMintCommand()
    {
        var printed = _output.ToString();

        Assert.Contains("DEVELOPMENT ONLY", printed, StringComparison.Ordinal);
        Assert.Contains($"--Bridge:Attestors:Oidc:Issuers:0:Issuer={_issuer.Issuer} \\", printed, StringComparison.Ordinal);
        Assert.Contains("--Bridge:Attestors:Oidc:Issuers:0:AllowedAccounts:0=444455556666\n", printed, StringComparison.Ordinal);
        Assert.Contains("--Bridge:Attestors:Oidc:Audience=bridge-dev \\", printed, StringComparison.Ordinal);
        Assert.Contains($"export Bridge__Attestors__Oidc__Issuers__0__Issuer={_issuer.Issuer}\n", printed, StringComparison.Ordinal);
        Assert.Contains("export Bridge__Attestors__Oidc__Issuers__0__AllowedAccounts__0=444455556666\n", printed, StringComparison.Ordinal);
        Assert.Contains($"curl -s -d role=payments {_issuer.Issuer}/mint -o token.txt", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mint_Role_GivesAnStsShapedTokenThatValidatesWithTheIssuersDiscoveryAndJwks()
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await MintAsync(new Dictionary<string, string> { ["role"] = "payments", ["lifetime"] = "600" });
        var token = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.DoesNotContain('\n', token);
        using var discovery = JsonDocument.Parse(await _http.GetStringAsync(new Uri(_issuer.Issuer + "/.well-known/openid-configuration"), ct));
        Assert.Equal(_issuer.Issuer, discovery.RootElement.GetProperty("issuer").GetString());
        var jwks = new JsonWebKeySet(await _http.GetStringAsync(new Uri(discovery.RootElement.GetProperty("jwks_uri").GetString()!), ct));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _issuer.Issuer,
            ValidAudience = "bridge-dev",
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = ["RS256"],
            RequireExpirationTime = true,
        });
        Assert.True(result.IsValid, result.Exception?.Message);

        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("arn:aws:iam::444455556666:role/payments", jwt.Subject);
        Assert.Equal(600, jwt.GetPayloadValue<long>("exp") - jwt.GetPayloadValue<long>("iat"));
        Assert.False(jwt.TryGetPayloadValue<object>("nbf", out _), "STS tokens carry no nbf");
        var aws = JsonDocument.Parse(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload))).RootElement.GetProperty("https://sts.amazonaws.com/");
        Assert.Equal("444455556666", aws.GetProperty("aws_account").GetString());
        Assert.Equal("us-east-1", aws.GetProperty("source_region").GetString());

        // The console reports the mint, never the token.
        Assert.Contains("minted a token for arn:aws:iam::444455556666:role/payments, aud bridge-dev", _output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(jwt.EncodedSignature, _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mint_AccountAndAudience_OverrideTheDefaults()
    {
        using var response = await MintAsync(new Dictionary<string, string> { ["role"] = "ledger", ["account"] = "777788889999", ["audience"] = "other" });
        var jwt = new JsonWebToken(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal("arn:aws:iam::777788889999:role/ledger", jwt.Subject);
        Assert.Equal(["other"], jwt.Audiences);
    }

    public static TheoryData<string, string?, string?, string, HttpStatusCode> Refusals => new()
    {
        { "fail/no role", null, null, "account=444455556666", HttpStatusCode.BadRequest },
        { "fail/role not an IAM name", null, null, "role=pay%2Fments", HttpStatusCode.BadRequest },
        { "fail/role too long", null, null, "role=" + new string('r', 65), HttpStatusCode.BadRequest },
        { "fail/role twice", null, null, "role=a&role=b", HttpStatusCode.BadRequest },
        { "fail/unknown parameter", null, null, "role=a&scope=admin", HttpStatusCode.BadRequest },
        { "fail/account not 12 digits", null, null, "role=a&account=12345", HttpStatusCode.BadRequest },
        { "fail/lifetime below STS's 60 s", null, null, "role=a&lifetime=59", HttpStatusCode.BadRequest },
        { "fail/lifetime above STS's 1 h", null, null, "role=a&lifetime=3601", HttpStatusCode.BadRequest },
        { "fail/audience with a control character", null, null, "role=a&audience=x%0Ay", HttpStatusCode.BadRequest },
        { "fail/body too large", null, null, "role=a&audience=" + new string('a', 5000), HttpStatusCode.BadRequest },
        { "fail/DNS-rebound host name", "evil.example", null, "role=a", HttpStatusCode.Forbidden },
        { "fail/browser origin", null, "http://evil.example", "role=a", HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Mint_BadRequest_IsRefusedWithoutAToken(string name, string? host, string? origin, string form, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_issuer.Issuer + "/mint"))
        {
            Content = new StringContent(form, Encoding.ASCII, "application/x-www-form-urlencoded"),
        };
        request.Headers.Host = host;
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == expected, $"{name}: {(int)response.StatusCode} {body}");
        Assert.StartsWith("error: ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("minted", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mint_NotAForm_IsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var json = await _http.PostAsync(new Uri(_issuer.Issuer + "/mint"), new StringContent("{\"role\":\"a\"}", Encoding.UTF8, "application/json"), ct);
        using var get = await _http.GetAsync(new Uri(_issuer.Issuer + "/mint?role=a"), ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }

    [Fact]
    public async Task Run_PortInUse_SaysSoAndExitsWithoutStarting()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var output = new StringWriter();

        var exit = await DevCommand.RunIssuerAsync(
            new DevCommand.IssuerArguments(port, LocalStsIssuerSettings.DemoAccount, "bridge"), output, TimeProvider.System, TestContext.Current.CancellationToken);

        Assert.Equal(1, exit);
        Assert.Equal($"error: 127.0.0.1:{port} is in use; choose another port with --port (and use the URL printed then).\n", output.ToString());
    }

    [Fact]
    public async Task Run_InvalidAccount_IsAUsageError()
    {
        var output = new StringWriter();

        var exit = await DevCommand.RunIssuerAsync(
            new DevCommand.IssuerArguments(0, "1234", "bridge"), output, TimeProvider.System, TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: --port must be", output.ToString(), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> MintAsync(Dictionary<string, string> form) =>
        _http.PostAsync(new Uri(_issuer.Issuer + "/mint"), new FormUrlEncodedContent(form), TestContext.Current.CancellationToken);
}
