using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bridge.Infrastructure.Settings;

/// <summary>The <c>bridge:awsIid…</c> context keys.</summary>
public static partial class StageSettingsReader
{
    private static AwsIidSettings? ReadAwsIid(Func<string, string?> text, List<string> errors)
    {
        var accountsText = text(ContextKeys.AwsIidAccounts);
        var describeText = text(ContextKeys.AwsIidDescribeInstances);
        var roleName = text(ContextKeys.AwsIidAssumeRoleName);
        var ageText = text(ContextKeys.AwsIidMaxInstanceAgeHours);
        if (accountsText is null)
        {
            foreach (var key in new[] { ContextKeys.AwsIidDescribeInstances, ContextKeys.AwsIidAssumeRoleName, ContextKeys.AwsIidMaxInstanceAgeHours })
            {
                if (text(key) is not null)
                {
                    errors.Add($"{key}: set only together with {ContextKeys.AwsIidAccounts} (which turns the aws_iid node attestor on).");
                }
            }

            return null;
        }

        var anyAccount = accountsText == "*";
        var accounts = anyAccount ? [] : ReadAccountList(accountsText, errors);
        var describe = false;
        if (describeText is not null && !bool.TryParse(describeText, out describe))
        {
            errors.Add($"{ContextKeys.AwsIidDescribeInstances}: '{describeText}' is not true or false.");
        }

        if (roleName is not null)
        {
            if (!IamRoleNameRegex().IsMatch(roleName))
            {
                errors.Add($"{ContextKeys.AwsIidAssumeRoleName}: '{roleName}' is not an IAM role name (1-64 of letters, digits and +=,.@_-; no path).");
            }

            if (!describe)
            {
                errors.Add($"{ContextKeys.AwsIidAssumeRoleName}: needs {ContextKeys.AwsIidDescribeInstances}=true (the role is assumed only to describe instances).");
            }

            if (anyAccount)
            {
                errors.Add($"{ContextKeys.AwsIidAssumeRoleName}: needs an explicit {ContextKeys.AwsIidAccounts} list: sts:AssumeRole is granted on the role in each listed account, never on every account.");
            }
        }

        int? age = ageText is null ? null : ReadNumber(ageText, 0, 1, 87_600, ContextKeys.AwsIidMaxInstanceAgeHours, errors);
        return new AwsIidSettings
        {
            AllowedAccounts = accounts,
            AllowAnyAccount = anyAccount,
            DescribeInstances = describe,
            AssumeRoleName = roleName,
            MaxInstanceAgeHours = age,
        };
    }

    /// <summary>Accounts as <c>"111122223333,444455556666"</c> or a JSON array of strings (cdk.json).</summary>
    private static List<string> ReadAccountList(string text, List<string> errors)
    {
        List<string> items;
        if (text.StartsWith('['))
        {
            try
            {
                items = JsonSerializer.Deserialize<List<string>>(text) ?? [];
            }
            catch (JsonException)
            {
                errors.Add($"{ContextKeys.AwsIidAccounts}: not a JSON array of account ids.");
                return [];
            }
        }
        else
        {
            items = [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }

        if (items.Count == 0)
        {
            errors.Add($"{ContextKeys.AwsIidAccounts}: list at least one 12-digit account id, or '*' for every account.");
        }

        foreach (var account in items.Where(a => !AccountRegex().IsMatch(a)))
        {
            errors.Add($"{ContextKeys.AwsIidAccounts}: '{account}' is not a 12-digit AWS account id.");
        }

        return [.. items.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    [GeneratedRegex("^[A-Za-z0-9+=,.@_-]{1,64}$")]
    private static partial Regex IamRoleNameRegex();
}
