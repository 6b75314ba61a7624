using Bridge.Attestors.AwsIid;

namespace Bridge.Attestors.Tests.AwsIid;

/// <summary>Start-up refuses an enabled aws_iid attestor that would accept every account silently, or is misconfigured.</summary>
public sealed class AwsIidAttestorOptionsValidatorTests
{
    private static readonly AwsIidAttestorOptionsValidator Validator = new();

    [Fact]
    public void Validate_Disabled_ChecksNothing() =>
        Assert.True(Validator.Validate(null, new AwsIidAttestorOptions()).Succeeded);

    [Fact]
    public void Validate_AccountsListed_Succeeds() =>
        Assert.True(Validator.Validate(null, Options(o => o.AllowedAccounts = ["111122223333"])).Succeeded);

    [Fact]
    public void Validate_AllowAnyAccountExplicitly_Succeeds() =>
        Assert.True(Validator.Validate(null, Options(o => o.AllowAnyAccount = true)).Succeeded);

    [Fact]
    public void Validate_EverythingSet_Succeeds() =>
        Assert.True(Validator.Validate(null, Options(o =>
        {
            o.AllowedAccounts = ["111122223333"];
            o.MaxInstanceAge = TimeSpan.FromDays(30);
            o.DescribeInstances = true;
            o.AssumeRoleName = "BridgeIidReader";
        })).Succeeded);

    [Theory]
    [InlineData("no accounts")]
    [InlineData("accounts and any account")]
    [InlineData("short account")]
    [InlineData("zero age")]
    [InlineData("age too long")]
    [InlineData("role with a path")]
    [InlineData("role without DescribeInstances")]
    [InlineData("zero timeout")]
    public void Validate_Misconfigured_Fails(string problem)
    {
        var options = Options(o =>
        {
            o.AllowedAccounts = ["111122223333"];
            switch (problem)
            {
                case "no accounts": o.AllowedAccounts = []; break;
                case "accounts and any account": o.AllowAnyAccount = true; break;
                case "short account": o.AllowedAccounts = ["11112222333"]; break;
                case "zero age": o.MaxInstanceAge = TimeSpan.Zero; break;
                case "age too long": o.MaxInstanceAge = TimeSpan.FromDays(3651); break;
                case "role with a path": (o.DescribeInstances, o.AssumeRoleName) = (true, "team/BridgeIidReader"); break;
                case "role without DescribeInstances": o.AssumeRoleName = "BridgeIidReader"; break;
                case "zero timeout": o.AwsCallTimeout = TimeSpan.Zero; break;
            }
        });

        Assert.True(Validator.Validate(null, options).Failed, problem);
    }

    private static AwsIidAttestorOptions Options(Action<AwsIidAttestorOptions> configure)
    {
        var options = new AwsIidAttestorOptions { Enabled = true };
        configure(options);
        return options;
    }
}
