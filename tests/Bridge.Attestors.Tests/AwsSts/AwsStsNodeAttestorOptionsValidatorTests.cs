using Bridge.Attestors.AwsSts;
using Bridge.Attestors.Oidc;
using Microsoft.Extensions.Options;

namespace Bridge.Attestors.Tests.AwsSts;

public sealed class AwsStsNodeAttestorOptionsValidatorTests
{
    [Fact]
    public void Validate_Disabled_NothingChecked() =>
        Assert.True(WithStsIssuer().Validate(null, new AwsStsNodeAttestorOptions { AllowedAccounts = ["x"] }).Succeeded);

    [Fact]
    public void Validate_EnabledWithAnAccount_Succeeds() =>
        Assert.True(WithStsIssuer().Validate(null, Enabled(o => o.AllowedAccounts = ["123456789012"])).Succeeded);

    [Fact]
    public void Validate_EveryProblemAtOnce()
    {
        var options = Enabled(o =>
        {
            o.AllowedAccounts = ["12345"];
            o.AllowAnyAccount = true;
            o.AllowedRoles = ["arn:aws:iam::123456789012:user/alice", "bridge-agent"];
        });

        var result = new AwsStsNodeAttestorOptionsValidator(Options.Create(new OidcAttestorOptions())).Validate(null, options);

        Assert.Equal(
            [
                "AllowedAccounts and AllowAnyAccount exclude each other.",
                "AllowedAccounts entry '12345' is not a 12-digit AWS account ID.",
                "AllowedRoles entry 'arn:aws:iam::123456789012:user/alice' is not an IAM role ARN (arn:<partition>:iam::<account>:role/<path/>name).",
                "AllowedRoles entry 'bridge-agent' is not an IAM role ARN (arn:<partition>:iam::<account>:role/<path/>name).",
                "needs an issuer of profile AwsSts under Bridge:Attestors:Oidc:Issuers to verify the tokens with.",
            ],
            result.Failures);
    }

    [Fact]
    public void Validate_NoAccountPolicy_Refused() =>
        Assert.Contains(
            "AllowedAccounts must list the AWS accounts whose roles may attest nodes (or set AllowAnyAccount: true explicitly).",
            WithStsIssuer().Validate(null, Enabled(_ => { })).Failures!);

    [Fact]
    public void Validate_RoleWithPathAndAnStsIssuer_Succeeds()
    {
        var options = Enabled(o =>
        {
            o.AllowAnyAccount = true;
            o.AllowedRoles = ["arn:aws:iam::123456789012:role/ecs/tasks/bridge-agent"];
        });

        Assert.True(WithStsIssuer().Validate(null, options).Succeeded);
    }

    /// <summary>A validator whose OIDC settings have the issuer the attestor needs: the attestor's own rules decide.</summary>
    private static AwsStsNodeAttestorOptionsValidator WithStsIssuer() => new(Options.Create(new OidcAttestorOptions
    {
        Issuers = [new OidcIssuerOptions { Name = "sts", Issuer = "https://x", Profile = OidcIssuerProfile.AwsSts }],
    }));

    private static AwsStsNodeAttestorOptions Enabled(Action<AwsStsNodeAttestorOptions> configure)
    {
        var options = new AwsStsNodeAttestorOptions { Enabled = true };
        configure(options);
        return options;
    }
}
