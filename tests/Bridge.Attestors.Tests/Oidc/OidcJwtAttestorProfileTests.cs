using System.Text.Json.Nodes;
using Bridge.Abstractions.Attestation;
using Bridge.Attestors.Oidc;
using Bridge.Protocol;

namespace Bridge.Attestors.Tests.Oidc;

public sealed class OidcJwtAttestorProfileTests : IDisposable
{
    private readonly OidcTestEnvironment _env = new();

    public void Dispose() => _env.Dispose();

    [Fact]
    public async Task AttestAsync_StsToken_ReturnsAwsSelectorsAndTemplateValues()
    {
        var attestor = _env.CreateAttestor();
        var claims = _env.StsTokens.StsClaims(rolePath: "role/service/DataProcessingRole", aws: aws =>
        {
            aws["org_id"] = "o-abc123";
            aws["ou_path"] = "o-abc123/r-root/ou-prod/";
            aws["lambda_source_function_arn"] = "arn:aws:lambda:eu-west-1:123456789012:function:ingest:live";
            aws["ec2_source_instance_arn"] = "arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc123";
            aws["principal_tags"] = new JsonObject { ["team"] = "payments", ["env"] = "prod" };
        });

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(claims));

        Assert.True(result.Succeeded, result.Detail);
        var identity = result.Identity;
        Assert.Equal("aws-sts", identity.Attestor);
        Assert.Equal(OidcTestEnvironment.StsIssuer, identity.Issuer);
        Assert.Equal("arn:aws:iam::123456789012:role/service/DataProcessingRole", identity.Subject);
        Assert.Equal(
            [
                "aws:account:123456789012",
                "aws:ec2-instance:arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc123",
                "aws:lambda:arn:aws:lambda:eu-west-1:123456789012:function:ingest:live",
                "aws:org:o-abc123",
                "aws:ou-path:o-abc123/r-root/ou-prod/",
                "aws:principal:arn:aws:iam::123456789012:role/service/DataProcessingRole",
                "aws:region:eu-west-1",
                "aws:role:DataProcessingRole",
                "aws:tag:env:prod",
                "aws:tag:team:payments",
            ],
            identity.Selectors.Select(s => s.ToString()));
        Assert.Equal("123456789012", identity.TemplateValues["account"]);
        Assert.Equal("DataProcessingRole", identity.TemplateValues["role_name"]);
        Assert.Equal("aws", identity.TemplateValues["partition"]);
        Assert.Equal("eu-west-1", identity.TemplateValues["region"]);
        Assert.Equal("o-abc123", identity.TemplateValues["org_id"]);
        Assert.Equal("ingest", identity.TemplateValues["function_name"]);
        Assert.Equal("i-0abc123", identity.TemplateValues["instance_id"]);
        Assert.Equal(identity.Subject, identity.TemplateValues["principal_arn"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(claims["exp"]!.GetValue<long>()), identity.ExpiresAt);
        Assert.Equal("jti:" + OidcTestEnvironment.StsIssuer + "#" + claims["jti"]!.GetValue<string>(), identity.ReplayKey);
    }

    [Fact]
    public async Task AttestAsync_StsRequestTags_NeverBecomeSelectorsOrTemplateValues()
    {
        var attestor = _env.CreateAttestor();
        var claims = _env.StsTokens.StsClaims(aws: aws =>
            aws["request_tags"] = new JsonObject { ["team"] = "admins", ["role_name"] = "Admin", ["account"] = "999999999999" });

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(claims));

        Assert.True(result.Succeeded, result.Detail);
        Assert.DoesNotContain(result.Identity.Selectors, s => s.Value.Contains("admins", StringComparison.Ordinal) || s.Value.StartsWith("tag:", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Identity.TemplateValues.Values, v => v is "admins" or "Admin" or "999999999999");
    }

    [Fact]
    public async Task AttestAsync_StsPrincipalTagWithColonInKey_IsNotExposed()
    {
        var attestor = _env.CreateAttestor();
        var claims = _env.StsTokens.StsClaims(aws: aws => aws["principal_tags"] = new JsonObject { ["a:b"] = "c" });

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(claims));

        Assert.True(result.Succeeded, result.Detail);
        Assert.DoesNotContain(result.Identity.Selectors, s => s.Value.StartsWith("tag:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AttestAsync_StsAccountDiffersFromSubArn_PolicyDenied()
    {
        var attestor = _env.CreateAttestor();
        var claims = _env.StsTokens.StsClaims(account: "123456789012");
        claims["sub"] = "arn:aws:iam::210987654321:role/DataProcessingRole";

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(claims));

        Assert.Equal(AttestationFailureKind.PolicyDenied, result.FailureKind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("12345")]
    public async Task AttestAsync_StsAccountMissingOrInvalid_PolicyDenied(string? account)
    {
        var attestor = _env.CreateAttestor();
        var claims = _env.StsTokens.StsClaims(aws: aws =>
        {
            if (account is null)
            {
                aws.Remove("aws_account");
            }
            else
            {
                aws["aws_account"] = account;
            }
        });

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(claims));

        Assert.Equal(AttestationFailureKind.PolicyDenied, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_StsWithoutNamespaceClaim_PolicyDenied()
    {
        var attestor = _env.CreateAttestor();
        var claims = _env.StsTokens.StsClaims();
        claims.Remove("https://sts.amazonaws.com/");

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(claims));

        Assert.Equal(AttestationFailureKind.PolicyDenied, result.FailureKind);
    }

    [Theory]
    [InlineData("123456789012", true)]
    [InlineData("111111111111", false)]
    public async Task AttestAsync_StsAllowedAccounts_Enforced(string account, bool accepted)
    {
        var attestor = _env.CreateAttestor(o => o.Issuers[0].AllowedAccounts = ["123456789012", "222222222222"]);

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.StsTokens.Create(_env.StsTokens.StsClaims(account)));

        Assert.Equal(accepted, result.Succeeded);
        Assert.Equal(accepted ? AttestationFailureKind.None : AttestationFailureKind.PolicyDenied, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_EksToken_ReturnsK8sSelectors()
    {
        var attestor = _env.CreateAttestor();
        var claims = _env.EksTokens.EksClaims("payments", "api", "api-7d9f");
        claims["exp"] = claims["iat"]!.GetValue<long>() + 86400; // EKS default 24 h tokens fit the profile default

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.EksTokens.Create(claims));

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal("eks", result.Identity.Attestor);
        Assert.Equal(
            ["k8s:ns:payments", "k8s:pod-name:api-7d9f", "k8s:pod-uid:pod-uid-1", "k8s:sa-uid:sa-uid-1", "k8s:sa:api"],
            result.Identity.Selectors.Select(s => s.ToString()));
        Assert.Equal("payments", result.Identity.TemplateValues["namespace"]);
        Assert.Equal("api", result.Identity.TemplateValues["service_account"]);
        Assert.Equal("api-7d9f", result.Identity.TemplateValues["pod_name"]);
    }

    [Fact]
    public async Task AttestAsync_EksSubDisagreesWithClaims_PolicyDenied()
    {
        var attestor = _env.CreateAttestor();
        var claims = _env.EksTokens.EksClaims("payments", "api");
        claims["sub"] = "system:serviceaccount:kube-system:admin";

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.EksTokens.Create(claims));

        Assert.Equal(AttestationFailureKind.PolicyDenied, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_EksWithoutKubernetesClaim_PolicyDenied()
    {
        var attestor = _env.CreateAttestor();
        var claims = _env.EksTokens.EksClaims();
        claims.Remove("kubernetes.io");

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.EksTokens.Create(claims));

        Assert.Equal(AttestationFailureKind.PolicyDenied, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_GenericToken_ReturnsSubAndConfiguredClaims()
    {
        var attestor = _env.CreateAttestor();
        var claims = _env.GenericTokens.BaseClaims("user-42");
        claims["email"] = "a@example.com";
        claims["groups"] = new JsonArray("dev", "ops");
        claims["tier"] = 3;
        claims["admin"] = false;
        claims["nested"] = new JsonObject { ["x"] = "y" };
        claims["unlisted"] = "ignored";

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.GenericTokens.Create(claims), TokenTypeUris.IdToken);

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal(
            [
                "oidc:claim:admin:false",
                "oidc:claim:email:a@example.com",
                "oidc:claim:groups:dev",
                "oidc:claim:groups:ops",
                "oidc:claim:tier:3",
                "oidc:sub:user-42",
            ],
            result.Identity.Selectors.Select(s => s.ToString()));
        Assert.Equal("user-42", result.Identity.TemplateValues["sub"]);
        Assert.Equal("a@example.com", result.Identity.TemplateValues["email"]);
        Assert.False(result.Identity.TemplateValues.ContainsKey("groups"));
    }

    [Fact]
    public async Task AttestAsync_MissingSub_PolicyDenied()
    {
        var attestor = _env.CreateAttestor();
        var claims = _env.GenericTokens.BaseClaims();
        claims.Remove("sub");

        var result = await OidcTestEnvironment.AttestAsync(attestor, _env.GenericTokens.Create(claims));

        Assert.Equal(AttestationFailureKind.PolicyDenied, result.FailureKind);
    }

    [Fact]
    public async Task AttestAsync_NoJti_ReplayKeyIsIssuerAndHashOfTheSigningInput()
    {
        var attestor = _env.CreateAttestor();
        var claims = _env.GenericTokens.BaseClaims();
        claims.Remove("jti");
        var token = _env.GenericTokens.Create(claims);

        var result = await OidcTestEnvironment.AttestAsync(attestor, token);

        Assert.True(result.Succeeded, result.Detail);
        var signingInput = token[..token.LastIndexOf('.')];
        var expected = "signed:" + OidcTestEnvironment.GenericIssuer + "#"
            + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(signingInput)));
        Assert.Equal(expected, result.Identity.ReplayKey);
    }
}
