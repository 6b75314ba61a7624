using System.Text.Json;

namespace Bridge.Attestors.Oidc.Profiles;

/// <summary>
/// Maps the verified claims of an AWS STS <c>GetWebIdentityToken</c> JWT to <c>aws:…</c> selectors. AWS claims live in
/// the object claim <c>https://sts.amazonaws.com/</c>. Nothing is ever taken from <c>request_tags</c>, which the caller
/// chooses freely when requesting the token.
/// </summary>
internal static class AwsStsClaimsMapper
{
    public const string NamespaceClaim = "https://sts.amazonaws.com/";

    public static OidcClaimsMapping Map(JsonElement payload, string subject, OidcIssuer issuer)
    {
        if (!SelectorSetBuilder.TryGetObject(payload, NamespaceClaim, out var aws))
        {
            return OidcClaimsMapping.Deny($"the '{NamespaceClaim}' claim is missing");
        }

        var account = SelectorSetBuilder.GetString(aws, "aws_account");
        if (!AwsArn.IsAccountId(account))
        {
            return OidcClaimsMapping.Deny("aws_account is missing or not a 12-digit account id");
        }

        if (!AwsArn.TryParse(subject, out var principal)
            || principal.Service is not ("iam" or "sts"))
        {
            return OidcClaimsMapping.Deny("sub is not an IAM principal ARN");
        }

        if (!string.Equals(principal.Account, account, StringComparison.Ordinal))
        {
            return OidcClaimsMapping.Deny("the account in sub differs from aws_account");
        }

        if (issuer.AllowedAccounts.Count > 0 && !issuer.AllowedAccounts.Contains(account!))
        {
            return OidcClaimsMapping.Deny("the account is not in AllowedAccounts");
        }

        var builder = new SelectorSetBuilder();
        builder.Add(AwsStsSelectors.Type, AwsStsSelectors.Account, account);
        builder.Add(AwsStsSelectors.Type, AwsStsSelectors.Principal, subject);
        builder.AddTemplateValue("account", account);
        builder.AddTemplateValue("principal_arn", subject);
        builder.AddTemplateValue("partition", principal.Partition);

        var roleName = principal.RoleName;
        builder.Add(AwsStsSelectors.Type, AwsStsSelectors.Role, roleName);
        builder.AddTemplateValue("role_name", roleName);

        var orgId = SelectorSetBuilder.GetString(aws, "org_id");
        builder.Add(AwsStsSelectors.Type, AwsStsSelectors.Org, orgId);
        builder.AddTemplateValue("org_id", orgId);

        builder.Add(AwsStsSelectors.Type, AwsStsSelectors.OuPath, SelectorSetBuilder.GetString(aws, "ou_path"));

        var region = SelectorSetBuilder.GetString(aws, "source_region");
        builder.Add(AwsStsSelectors.Type, AwsStsSelectors.Region, region);
        builder.AddTemplateValue("region", region);

        var lambdaArn = SelectorSetBuilder.GetString(aws, "lambda_source_function_arn");
        builder.Add(AwsStsSelectors.Type, AwsStsSelectors.Lambda, lambdaArn);
        if (AwsArn.TryParse(lambdaArn, out var lambda))
        {
            builder.AddTemplateValue("function_name", lambda.FunctionName);
        }

        var instanceArn = SelectorSetBuilder.GetString(aws, "ec2_source_instance_arn");
        builder.Add(AwsStsSelectors.Type, AwsStsSelectors.Ec2Instance, instanceArn);
        if (AwsArn.TryParse(instanceArn, out var instance))
        {
            builder.AddTemplateValue("instance_id", instance.InstanceId);
        }

        AddPrincipalTags(aws, builder);
        return OidcClaimsMapping.Accept(builder);
    }

    private static void AddPrincipalTags(JsonElement aws, SelectorSetBuilder builder)
    {
        if (!SelectorSetBuilder.TryGetObject(aws, "principal_tags", out var tags))
        {
            return;
        }

        foreach (var tag in tags.EnumerateObject())
        {
            // A key containing ':' would make "aws:tag:<key>:<value>" ambiguous, so such tags are not exposed.
            if (tag.Name.Length == 0 || tag.Name.Contains(':', StringComparison.Ordinal) || tag.Value.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            builder.Add(AwsStsSelectors.Type, AwsStsSelectors.Tag + tag.Name + ":", tag.Value.GetString());
        }
    }
}
