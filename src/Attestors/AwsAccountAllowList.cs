using System.Text.RegularExpressions;

namespace Bridge.Attestors;

/// <summary>
/// The one rule for the account allow-list of the AWS node attestors (<c>aws_iid</c>, <c>aws_sts</c>): a list of
/// 12-digit account IDs, or an explicit <c>AllowAnyAccount: true</c>, never both and never neither.
/// </summary>
internal static partial class AwsAccountAllowList
{
    /// <summary>Adds a problem to <paramref name="errors"/> for each way the allow-list is wrong.</summary>
    /// <param name="accounts">The <c>AllowedAccounts</c> setting.</param>
    /// <param name="allowAnyAccount">The <c>AllowAnyAccount</c> setting.</param>
    /// <param name="whoMayAttest">What of the listed accounts may attest, e.g. "instances may attest" (for the message).</param>
    /// <param name="errors">Where the problems go.</param>
    public static void Validate(IReadOnlyList<string?>? accounts, bool allowAnyAccount, string whoMayAttest, List<string> errors)
    {
        accounts ??= [];
        if (accounts.Count == 0 && !allowAnyAccount)
        {
            errors.Add($"AllowedAccounts must list the AWS accounts whose {whoMayAttest} (or set AllowAnyAccount: true explicitly).");
        }

        if (accounts.Count > 0 && allowAnyAccount)
        {
            errors.Add("AllowedAccounts and AllowAnyAccount exclude each other.");
        }

        foreach (var account in accounts)
        {
            if (account is null || !AccountPattern().IsMatch(account))
            {
                errors.Add($"AllowedAccounts entry '{account}' is not a 12-digit AWS account ID.");
            }
        }
    }

    [GeneratedRegex(@"^[0-9]{12}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AccountPattern();
}
