using System.Text.Json.Nodes;
using Bridge.Abstractions.Attestation;
using Bridge.Attestors.Oidc;
using Bridge.Protocol;

namespace Bridge.Attestors.Tests.Oidc;

/// <summary>
/// Each profile's vocabulary is exactly what its mapper emits: every selector of a token carrying every claim is
/// covered, and every prefix of the vocabulary is emitted by such a token, so tools warning about entry selectors
/// cannot drift from the attestor.
/// </summary>
public sealed class OidcSelectorVocabularyTests : IDisposable
{
    private readonly OidcTestEnvironment _env = new();

    public void Dispose() => _env.Dispose();

    [Fact]
    public async Task AwsSts_FullToken_EmitsExactlyTheVocabulary()
    {
        var claims = _env.StsTokens.StsClaims(rolePath: "role/service/DataProcessingRole", aws: aws =>
        {
            aws["org_id"] = "o-abc123";
            aws["ou_path"] = "o-abc123/r-root/ou-prod/";
            aws["lambda_source_function_arn"] = "arn:aws:lambda:eu-west-1:123456789012:function:ingest:live";
            aws["ec2_source_instance_arn"] = "arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc123";
            aws["principal_tags"] = new JsonObject { ["team"] = "payments" };
        });

        await AssertEmitsExactlyAsync("aws-sts", _env.StsTokens.Create(claims), TokenTypeUris.Jwt);
    }

    [Fact]
    public async Task Eks_FullToken_EmitsExactlyTheVocabulary()
    {
        var claims = _env.EksTokens.EksClaims("payments", "api", "api-7d9f");
        claims["exp"] = claims["iat"]!.GetValue<long>() + 86400;

        await AssertEmitsExactlyAsync("eks", _env.EksTokens.Create(claims), TokenTypeUris.Jwt);
    }

    [Fact]
    public async Task Generic_TokenWithEveryConfiguredClaim_EmitsExactlyTheVocabulary()
    {
        var claims = _env.GenericTokens.BaseClaims("user-42");
        claims["email"] = "a@example.com";
        claims["groups"] = new JsonArray("dev");
        claims["tier"] = 3;
        claims["admin"] = false;
        claims["nested"] = "now a string";

        await AssertEmitsExactlyAsync("generic", _env.GenericTokens.Create(claims), TokenTypeUris.IdToken);
    }

    [Theory]
    [InlineData("aws:role_name:payments", false)]
    [InlineData("aws:role:payments", true)]
    [InlineData("aws:role:", false)]
    [InlineData("aws:tag:team:payments", true)]
    [InlineData("k8s:ns:payments", false)]
    [InlineData("AWS:role:payments", false)]
    public void AwsSts_Covers_OnlyItsForms(string selector, bool covered)
    {
        var vocabulary = OidcSelectorVocabulary.For(new OidcIssuerOptions { Profile = OidcIssuerProfile.AwsSts });

        Assert.Equal(covered, vocabulary.Covers(Selector.Parse(selector)));
    }

    [Fact]
    public void Generic_CoversOnlyConfiguredClaims()
    {
        var vocabulary = OidcSelectorVocabulary.For(new OidcIssuerOptions { Profile = OidcIssuerProfile.Generic, SelectorClaims = ["email"] });

        Assert.True(vocabulary.Covers(Selector.Parse("oidc:claim:email:a@example.com")));
        Assert.True(vocabulary.Covers(Selector.Parse("oidc:sub:user-42")));
        Assert.False(vocabulary.Covers(Selector.Parse("oidc:claim:groups:dev")));
        Assert.Equal(["oidc:sub:…", "oidc:claim:email:…"], vocabulary.Forms);
    }

    private async Task AssertEmitsExactlyAsync(string attestorName, string token, string tokenType)
    {
        var options = OidcTestEnvironment.DefaultOptions();
        var vocabulary = OidcSelectorVocabulary.For(options.Issuers.Single(i => i.Name == attestorName));

        var result = await OidcTestEnvironment.AttestAsync(_env.CreateAttestor(), token, tokenType);

        Assert.True(result.Succeeded, result.Detail);
        Assert.All(result.Identity.Selectors, s => Assert.True(vocabulary.Covers(s), $"{s} is emitted but not in the vocabulary"));
        var emittedPrefixes = vocabulary.ValuePrefixes
            .Where(p => result.Identity.Selectors.Any(s => s.Type == vocabulary.Type && s.Value.StartsWith(p, StringComparison.Ordinal)));
        Assert.Equal(vocabulary.ValuePrefixes, emittedPrefixes);
    }
}
